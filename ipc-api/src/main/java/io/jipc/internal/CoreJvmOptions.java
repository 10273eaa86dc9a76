package io.jipc.internal;

import java.util.ArrayList;
import java.util.List;

import io.jipc.spi.JvmOptionsProvider;

/**
 * The options ipc-api itself needs: Agrona's access to {@code jdk.internal.misc}, quiet Unsafe on JDK 24+, and the
 * JVM's own log lines (warnings such as CDS's) on stderr, since a child's stdout carries its pipe channel.
 */
public final class CoreJvmOptions implements JvmOptionsProvider {

    @Override
    public List<String> jvmOptions(int javaFeatureVersion) {
        List<String> options = new ArrayList<>();
        options.add("--add-exports=java.base/jdk.internal.misc=ALL-UNNAMED");
        options.add("-Xlog:disable");
        options.add("-Xlog:all=warning:stderr");
        if (javaFeatureVersion >= 24) {
            options.add("--sun-misc-unsafe-memory-access=allow");
            options.add("--enable-native-access=ALL-UNNAMED");
        }
        return options;
    }
}
