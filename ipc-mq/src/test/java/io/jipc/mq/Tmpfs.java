package io.jipc.mq;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A small tmpfs mounted for one test (root only): a file system that fills up or turns read-only on demand.
 * {@link #close()} unmounts it and removes the mount point, even after a failed test.
 */
final class Tmpfs implements AutoCloseable {

    private final Path mountPoint;
    private boolean mounted;

    private Tmpfs(Path mountPoint) {
        this.mountPoint = mountPoint;
    }

    /** @return a mounted tmpfs of {@code size} (e.g. "16m"), or null when this machine does not allow mounting */
    static Tmpfs mount(String size) throws IOException {
        Path point = Files.createTempDirectory("jipc-mq-tmpfs");
        Tmpfs tmpfs = new Tmpfs(point);
        tmpfs.mounted = run("mount", "-t", "tmpfs", "-o", "size=" + size, "tmpfs", point.toString());
        if (!tmpfs.mounted) {
            Files.deleteIfExists(point);
            return null;
        }
        return tmpfs;
    }

    Path path() {
        return mountPoint;
    }

    /** Remounts it read-only; retries for a while, since the kernel refuses while a file is still mapped for writing. */
    void readOnly() {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!run("mount", "-o", "remount,ro", mountPoint.toString())) {
            if (System.nanoTime() - deadline > 0) {
                throw new IllegalStateException("cannot remount " + mountPoint + " read-only");
            }
            try {
                Thread.sleep(100); // a retry on a kernel answer, not a wait for another process's progress
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted remounting " + mountPoint, e);
            }
        }
    }

    private static boolean run(String... command) {
        try {
            Process process = new ProcessBuilder(List.of(command)).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            return process.waitFor(30, TimeUnit.SECONDS) && process.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    @Override
    public void close() throws IOException {
        if (mounted) {
            mounted = !run("umount", mountPoint.toString()) && !run("umount", "-l", mountPoint.toString());
        }
        if (!mounted) {
            Files.deleteIfExists(mountPoint);
        }
    }
}
