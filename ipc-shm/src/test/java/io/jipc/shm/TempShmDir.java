package io.jipc.shm;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import io.jipc.testkit.Trees;

/** A fresh directory under /dev/shm (or the fallback) for one test; removed with everything in it on close. */
final class TempShmDir implements AutoCloseable {

    private final Path dir;

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

    @Override
    public void close() {
        Trees.delete(dir);
    }
}
