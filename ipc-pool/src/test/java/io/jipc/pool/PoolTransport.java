package io.jipc.pool;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

import io.jipc.testkit.Trees;

/**
 * The transport a pool test runs on, by name ({@code pipe}, {@code shm}, {@code unix}): its URI, in a directory of
 * the test's own that {@link #close()} removes with whatever is left in it.
 */
final class PoolTransport implements AutoCloseable {

    private final String name;
    private final Path dir;

    private PoolTransport(String name, Path dir) {
        this.name = name;
        this.dir = dir;
    }

    /** Skips the test (an assumption) when the transport needs {@code /dev/shm} and there is none. */
    static PoolTransport of(String name) throws IOException {
        if (name.equals("pipe")) {
            return new PoolTransport(name, null);
        }
        Path shm = Path.of("/dev/shm");
        assumeTrue(Files.isDirectory(shm) && Files.isWritable(shm), "no /dev/shm here");
        return new PoolTransport(name, Files.createDirectory(
            shm.resolve("jipc-pool-" + name + "-" + UUID.randomUUID().toString().substring(0, 8))));
    }

    /** @return the URI a pool binds (or, for pipes, uses) */
    String uri() {
        return switch (name) {
            case "pipe" -> "pipe:";
            case "shm" -> "shm:" + dir.resolve("pool");
            case "unix" -> "unix:" + dir.resolve("pool.sock");
            default -> throw new IllegalArgumentException("no pool transport " + name);
        };
    }

    /** @return a pool builder on this transport */
    ProcessPool.Builder builder() {
        return ProcessPool.builder().transport(uri());
    }

    /** @return the files left in the directory (none on pipes) */
    List<String> files() throws IOException {
        if (dir == null) {
            return List.of();
        }
        try (Stream<Path> left = Files.list(dir)) {
            return left.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Override
    public void close() throws IOException {
        Trees.delete(dir);
    }

    @Override
    public String toString() {
        return name;
    }
}
