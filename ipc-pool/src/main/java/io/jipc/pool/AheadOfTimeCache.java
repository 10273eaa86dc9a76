package io.jipc.pool;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.jipc.process.JvmOptions;
import io.jipc.process.JvmProcess;

/**
 * On JDK 25 and later, the JDK's ahead-of-time cache (JEPs 483 and 514, {@code -XX:AOTCache}) takes the place of the
 * class-data archive of {@link ClassDataArchives}: the same path, made once per JDK and class path, used by every
 * later worker. It is trained by a JVM of its own ({@link WorkerTraining}, {@code -XX:AOTMode=record}, then
 * {@code -XX:AOTMode=create}), never by a worker: the JDK prints to standard output as a recording ends, and a
 * worker's standard output may be its channel. Training and use pass the same JVM options (the JDK drops a cache
 * made with other {@code --add-exports}); the JIT is left as it is (C2), so workers keep their peak speed.
 */
final class AheadOfTimeCache {

    private static final Logger LOG = LoggerFactory.getLogger(AheadOfTimeCache.class);
    /** JVM logging about the cache goes to stderr, switched off: a cache that does not fit is quietly not used. */
    private static final List<String> QUIET = List.of("-Xlog:aot*=off:stderr", "-Xlog:cds*=off:stderr");
    private static final long STEP_SECONDS = 120;

    private AheadOfTimeCache() {
    }

    /** @return true when this JDK takes an ahead-of-time cache in place of a class-data archive */
    static boolean supported() {
        return Runtime.version().feature() >= 25;
    }

    /** @return the options of a worker that starts from the cache at {@code cache} */
    static List<String> useOptions(Path cache) {
        List<String> options = new ArrayList<>(QUIET);
        options.add("-XX:AOTCache=" + cache);
        return options;
    }

    /**
     * Trains the cache for the workers of {@code config} and moves it into place at {@code cache}, atomically; takes
     * a few seconds, on the calling thread. Failures are logged (debug): workers then start without a cache.
     *
     * @return true when the cache was made
     */
    static boolean train(Path cache, PoolConfig config) {
        Path configuration = ClassDataArchives.temporary(cache.resolveSibling(cache.getFileName() + ".aotconf"));
        Path created = ClassDataArchives.temporary(cache);
        try {
            List<String> args = new ArrayList<>();
            args.add(config.codecFactory().getName());
            args.addAll(config.allowed());
            List<String> record = JvmProcess.builder(WorkerTraining.class)
                .args(args.toArray(new String[0]))
                .jvmOptions(config.jvmOptions().toArray(new String[0]))
                .jvmOptions(QUIET.toArray(new String[0]))
                .jvmOptions("-XX:AOTMode=record", "-XX:AOTConfiguration=" + configuration)
                .command();
            if (!run(record, "recording") || !Files.isRegularFile(configuration)) {
                return false;
            }
            List<String> create = new ArrayList<>();
            create.add(record.get(0));
            create.addAll(JvmOptions.required());
            create.addAll(config.jvmOptions());
            create.addAll(QUIET);
            create.add("-XX:AOTMode=create");
            create.add("-XX:AOTConfiguration=" + configuration);
            create.add("-XX:AOTCache=" + created);
            create.add("-cp");
            create.add(System.getProperty("java.class.path"));
            boolean made = run(create, "creating");
            ClassDataArchives.install(created, cache, made);
            return made && Files.isRegularFile(cache);
        } finally {
            delete(configuration);
            delete(created);
        }
    }

    /** Runs one step with its output discarded. @return true when it exited with 0 in time */
    private static boolean run(List<String> command, String step) {
        try {
            Process process = new ProcessBuilder(command)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
            process.getOutputStream().close();
            if (!process.waitFor(STEP_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                LOG.debug("{} the ahead-of-time cache for pool workers took over {} s: given up", step, STEP_SECONDS);
                return false;
            }
            if (process.exitValue() != 0) {
                LOG.debug("{} the ahead-of-time cache for pool workers failed with exit code {}", step,
                    process.exitValue());
                return false;
            }
            return true;
        } catch (java.io.IOException e) {
            LOG.debug("{} the ahead-of-time cache for pool workers: {}", step, e.toString());
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static void delete(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (java.io.IOException e) {
            LOG.debug("could not delete {}: {}", file, e.toString());
        }
    }
}
