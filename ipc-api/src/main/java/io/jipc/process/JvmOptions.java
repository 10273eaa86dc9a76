package io.jipc.process;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.ServiceLoader;
import java.util.Set;

import io.jipc.spi.JvmOptionsProvider;

/**
 * The JVM options that the jipc modules on the class path need, for a given Java version. {@link JvmProcess} gives
 * them to every child; an application started by hand needs them on its own command line (the executable jars
 * carry them in their manifests).
 */
public final class JvmOptions {

    private JvmOptions() {
    }

    /** @return the options for a JVM of the same version as this one */
    public static List<String> required() {
        return required(Runtime.version().feature());
    }

    /**
     * @param javaFeatureVersion e.g. 17 or 25
     * @return the options every jipc module on the class path asks for, without duplicates
     */
    public static List<String> required(int javaFeatureVersion) {
        Set<String> options = new LinkedHashSet<>();
        for (JvmOptionsProvider provider : ServiceLoader.load(JvmOptionsProvider.class, JvmOptions.class.getClassLoader())) {
            options.addAll(provider.jvmOptions(javaFeatureVersion));
        }
        return new ArrayList<>(options);
    }
}
