package io.jipc.shm;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import io.jipc.testkit.Resources;
import io.jipc.testkit.Trees;

/**
 * A fresh directory under /dev/shm (or the fallback) for one test; removed with everything in it on close. It also
 * keeps the test's servers, channels and child JVMs ({@link #track}) so that {@link #closeChecked()} can close them
 * and check that they left no file behind.
 */
final class TempShmDir implements AutoCloseable {

    private final Path dir;
    private final Resources resources = new Resources();

    TempShmDir() {
        dir = ShmPaths.resolve(io.jipc.Endpoint.parse("shm:jipc-test-" + UUID.randomUUID().toString().substring(0, 8)));
    }

    /** @return the path of a file in this directory */
    Path path(String name) {
        return dir.resolve(name);
    }

    /** @return an shm: URI of a file in this directory, with an optional query */
    String uri(String nameAndQuery) {
        return "shm:" + dir + "/" + nameAndQuery;
    }

    /** @return the names of the files in the directory, for checking what was left behind */
    List<String> files() {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> list = Files.list(dir)) {
            return list.map(p -> p.getFileName().toString()).sorted().collect(Collectors.toList());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Keeps {@code resource} for {@link #closeChecked()}. @return it */
    <T extends AutoCloseable> T track(T resource) {
        return resources.track(resource);
    }

    /** Forgets {@code resource}: the test let go of it (to see it collected). */
    void untrack(AutoCloseable resource) {
        resources.untrack(resource);
    }

    /**
     * Closes what was tracked, last first (a child JVM is killed first), checks that no file is left in the
     * directory, and removes the directory whatever happened.
     *
     * @throws AssertionError when a file was left behind
     */
    void closeChecked() throws Exception {
        try {
            resources.closeAll();
            List<String> left = files();
            if (!left.isEmpty()) {
                throw new AssertionError("files left behind in " + dir + ": " + left);
            }
        } finally {
            close();
        }
    }

    @Override
    public void close() {
        Trees.delete(dir);
    }
}
