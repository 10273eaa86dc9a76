package io.jipc.process;

import java.util.ArrayList;
import java.util.List;

import io.jipc.spi.JvmOptionsProvider;

/** The options ipc-api itself needs: Agrona's access to {@code jdk.internal.misc}, and quiet Unsafe on JDK 24+. */
public final class CoreJvmOptions implements JvmOptionsProvider {

    @Override
    public List<String> jvmOptions(int javaFeatureVersion) {
        List<String> options = new ArrayList<>();
        options.add("--add-exports=java.base/jdk.internal.misc=ALL-UNNAMED");
        if (javaFeatureVersion >= 24) {
            options.add("--sun-misc-unsafe-memory-access=allow");
            options.add("--enable-native-access=ALL-UNNAMED");
        }
        return options;
    }
}
