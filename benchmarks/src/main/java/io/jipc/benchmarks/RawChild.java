package io.jipc.benchmarks;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import io.jipc.process.JvmProcess;

/**
 * A child JVM for a raw floor, started with a plain {@link ProcessBuilder} on the command line {@link JvmProcess}
 * would use (same class path and JVM options), so the parent holds the raw {@link Process} streams.
 * {@link #close()} ends it: stdin closed, then killed if it has not exited within the grace period.
 */
final class RawChild implements AutoCloseable {

    private static final Duration GRACE = Duration.ofSeconds(5);

    private final Process process;
    private final RawStreamDriver driver;

    /** Starts {@code mainClass} (which serves {@link RawFrames} on its stdin/stdout); stderr is inherited. */
    RawChild(Class<?> mainClass) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(JvmProcess.builder(mainClass).command());
        builder.redirectError(ProcessBuilder.Redirect.INHERIT);
        this.process = builder.start();
        this.driver = new RawStreamDriver(process.getInputStream(), process.getOutputStream());
    }

    /** @return the driver over the child's stdin and stdout */
    RawStreamDriver driver() {
        return driver;
    }

    @Override
    public void close() {
        try {
            driver.close();
        } catch (IOException e) {
            // the child is gone already; reaped below
        }
        try {
            if (!process.waitFor(GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                process.waitFor(GRACE.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
