package io.jipc.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import io.jipc.shm.ShmObjects;
import io.jipc.testkit.Trees;

/** A fresh directory beside the shm files of other tests, removed with what is in it. */
final class TempDir implements AutoCloseable {

    private final Path dir = ShmObjects.defaultDirectory().resolve("jipc-cli-test-" + UUID.randomUUID().toString().substring(0, 8));

    TempDir() {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Path path() {
        return dir;
    }

    Path path(String name) {
        return dir.resolve(name);
    }

    String uri(String name) {
        return "shm:" + dir.resolve(name);
    }

    List<String> files() throws IOException {
        try (Stream<Path> list = Files.list(dir)) {
            return list.map(p -> p.getFileName().toString()).sorted().collect(Collectors.toList());
        }
    }

    @Override
    public void close() throws IOException {
        Trees.delete(dir);
    }
}
