package io.jipc.chaos;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;

import io.jipc.testkit.Trees;

/**
 * A scenario's own directory under {@code /dev/shm}, and what this JVM still holds of it: files in it, open file
 * descriptors and memory mappings of files in it (a closed shm channel is unmapped by the garbage collector, so
 * mappings are counted after collections). Closing removes the directory with everything in it.
 */
final class Residue implements AutoCloseable {

    private static final Path PROC_SELF = Paths.get("/proc/self");

    private final Path dir;

    /** Creates a fresh directory for one scenario. */
    Residue(String scenario) {
        try {
            dir = Files.createDirectory(Paths.get("/dev/shm", "jipc-chaos-" + scenario + "-"
                + UUID.randomUUID().toString().substring(0, 8)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** @return the directory */
    Path dir() {
        return dir;
    }

    /** @return an {@code shm:} URI of a name in the directory */
    String uri(String name) {
        return "shm:" + dir + "/" + name;
    }

    /** @return the names of the files left in the directory */
    List<String> files() {
        try (Stream<Path> list = Files.list(dir)) {
            return list.map(p -> p.getFileName().toString()).sorted().collect(Collectors.toList());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** @return the lines of {@code /proc/self/maps} naming a file of the directory (deleted ones included) */
    List<String> mappings() {
        try {
            String prefix = dir + "/";
            return Files.readAllLines(PROC_SELF.resolve("maps"), StandardCharsets.UTF_8).stream()
                .filter(line -> line.contains(prefix)).collect(Collectors.toList());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** @return the targets of this JVM's open file descriptors in the directory */
    List<String> descriptors() {
        List<String> open = new ArrayList<>();
        String prefix = dir + "/";
        try (DirectoryStream<Path> fds = Files.newDirectoryStream(PROC_SELF.resolve("fd"))) {
            for (Path fd : fds) {
                try {
                    String target = Files.readSymbolicLink(fd).toString();
                    if (target.startsWith(prefix)) {
                        open.add(target);
                    }
                } catch (IOException e) {
                    // closed meanwhile
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return open;
    }

    /**
     * Waits (collecting garbage meanwhile, a few seconds at most) until this JVM holds nothing of the directory and
     * the directory is empty, else fails naming what is left.
     */
    void assertNothingLeft(String context) {
        try {
            Awaitility.await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200)).until(() -> {
                System.gc();
                return files().isEmpty() && mappings().isEmpty() && descriptors().isEmpty();
            });
        } catch (ConditionTimeoutException e) {
            throw new AssertionError(context + " left in " + dir + ": files " + files() + ", mappings " + mappings()
                + ", open descriptors " + descriptors(), e);
        }
    }

    @Override
    public void close() {
        Trees.delete(dir);
    }
}
