package io.jipc.spi;

import java.util.List;

/**
 * Contributes the JVM options a module needs (exports, opens, system properties) to every child JVM that
 * {@link io.jipc.process.JvmProcess} starts. Registered in {@code META-INF/services/io.jipc.spi.JvmOptionsProvider}.
 */
public interface JvmOptionsProvider {

    /**
     * @param javaFeatureVersion the child's Java feature version, e.g. 17 or 25: options differ between versions
     * @return the options, each one command-line argument
     */
    List<String> jvmOptions(int javaFeatureVersion);
}
