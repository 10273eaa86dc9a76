package io.jipc.socket;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

import io.jipc.testkit.Trees;

/** A fresh, short temporary directory (Unix socket paths are limited), removed with everything in it. */
final class TempDir implements AutoCloseable {

    private final Path path;

    TempDir() {
        try {
            this.path = Files.createTempDirectory(Paths.get("/tmp"), "jipc-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Path path() {
        return path;
    }

    @Override
    public void close() {
        Trees.delete(path);
    }
}
