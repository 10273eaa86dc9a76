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
 * carry them in their manifests). The first jipc call that needs one checks it ({@link #require}) and throws
 * {@link MissingJvmOptionsException}, naming them and how to add them, instead of an {@link IllegalAccessError} from
 * deep inside a library.
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

    /**
     * @return the options an application's own JVM needs on this Java version: {@link #required()} without the
     *     log settings meant for child JVMs (whose standard output carries a channel)
     */
    public static List<String> forApplications() {
        List<String> options = new ArrayList<>();
        for (String option : required()) {
            if (!option.startsWith("-Xlog")) {
                options.add(option);
            }
        }
        return options;
    }

    /**
     * Checks that this JVM was started with {@code options} for the classes of {@code module} (the library that
     * needs them: for an {@code --add-exports=java.base/p=ALL-UNNAMED}, the package must be exported to that
     * module). Only {@code --add-exports} and {@code --add-opens} can be checked; other options are ignored.
     *
     * @param module  the module of the classes that need the options (an unnamed module for the class path)
     * @param options options as given on the command line, e.g. {@code --add-exports=java.base/jdk.internal.misc=ALL-UNNAMED}
     * @throws MissingJvmOptionsException when one is missing, naming it, every option the jipc modules on the
     *     class path need, and how to add them
     */
    public static void require(Module module, List<String> options) {
        List<String> missing = missing(module, options);
        if (!missing.isEmpty()) {
            List<String> all = forApplications();
            throw new MissingJvmOptionsException(MissingOptionsMessage.of(missing, all), missing, all);
        }
    }

    /** @return those of {@code options} that this JVM lacks for the classes of {@code module} */
    public static List<String> missing(Module module, List<String> options) {
        List<String> missing = new ArrayList<>();
        for (String option : options) {
            boolean exports = option.startsWith("--add-exports=");
            if (!exports && !option.startsWith("--add-opens=")) {
                continue;
            }
            String spec = option.substring(option.indexOf('=') + 1);         // java.base/jdk.internal.misc=ALL-UNNAMED
            int slash = spec.indexOf('/');
            int equals = spec.indexOf('=');
            if (slash < 0 || equals < slash) {
                continue;
            }
            Module source = ModuleLayer.boot().findModule(spec.substring(0, slash)).orElse(null);
            String pkg = spec.substring(slash + 1, equals);
            if (source == null || !source.getPackages().contains(pkg)) {
                continue; // nothing to export on this JDK
            }
            if (exports ? !source.isExported(pkg, module) : !source.isOpen(pkg, module)) {
                missing.add(option);
            }
        }
        return missing;
    }
}
