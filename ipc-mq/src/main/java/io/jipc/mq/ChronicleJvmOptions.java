package io.jipc.mq;

import java.util.ArrayList;
import java.util.List;

import io.jipc.spi.JvmOptionsProvider;

/**
 * The JVM options Chronicle Queue needs on JDK 17+, given to every child JVM while ipc-mq is on the class path:
 * Chronicle's published list, and analytics switched off (it would otherwise try to reach a server).
 */
public final class ChronicleJvmOptions implements JvmOptionsProvider {

    @Override
    public List<String> jvmOptions(int javaFeatureVersion) {
        List<String> options = new ArrayList<>(List.of(
            "--add-exports=java.base/jdk.internal.ref=ALL-UNNAMED",
            "--add-exports=java.base/sun.nio.ch=ALL-UNNAMED",
            "--add-exports=jdk.unsupported/sun.misc=ALL-UNNAMED",
            "--add-opens=java.base/java.lang=ALL-UNNAMED",
            "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED",
            "--add-opens=java.base/java.io=ALL-UNNAMED",
            "--add-opens=java.base/java.util=ALL-UNNAMED",
            "-Dchronicle.analytics.disable=true"));
        if (ModuleLayer.boot().findModule("jdk.compiler").isPresent()) {
            options.add("--add-exports=jdk.compiler/com.sun.tools.javac.file=ALL-UNNAMED");
            options.add("--add-opens=jdk.compiler/com.sun.tools.javac=ALL-UNNAMED");
        }
        return options;
    }
}
