package io.jipc.shm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

import io.jipc.ChannelServer;
import io.jipc.Ipc;
import io.jipc.process.ChildProcess;
import io.jipc.shm.file.ShmFiles;
import io.jipc.testkit.NoLeaks;

/**
 * Space in /dev/shm runs out (a container's is often 64 MiB: about seven default channels): a clear error naming
 * what was needed and what is free, and nothing half-created left behind, now or after a creator killed mid-way.
 */
@Timeout(60)
@ExtendWith(NoLeaks.class)
class ShmSpaceTest {

    @Test
    void aFullDirectoryIsAClearErrorAndLeavesNothingBehind() throws Exception {
        Path mount = Files.createTempDirectory("jipc-small-tmpfs");
        boolean mounted = run("mount", "-t", "tmpfs", "-o", "size=2m", "tmpfs", mount.toString());
        try {
            assumeTrue(mounted, "cannot mount a 2 MiB tmpfs here (it needs root): the full-disk test cannot run");
            try (ChannelServer server = Ipc.bind("shm:" + mount + "/jobs")) {
                ShmFileException e = assertThrows(ShmFileException.class,
                    () -> Ipc.connect(server.endpoint() + "?capacity=4m", Duration.ofSeconds(5)));
                String message = e.getMessage();
                assertTrue(message.contains("needs 8.0 MiB") && message.contains("free of 2.0 MiB")
                    && message.contains(server.endpoint().toString()), message);
                assertEquals(List.of("jobs"), names(mount), "only the server's own file");
            }
            assertEquals(List.of(), names(mount));
        } finally {
            if (mounted) {
                run("umount", "--lazy", mount.toString()); // detached now, freed once the last mapping goes
            }
            Files.deleteIfExists(mount);
        }
    }

    @Test
    void aTemporaryFileLeftByACreatorThatDiedIsRemovedByTheNextCreate() throws Exception {
        try (TempShmDir dir = new TempShmDir()) {
            ChildProcess gone = ChildProcess.command("true").start();
            assertTrue(gone.join(Duration.ofSeconds(10)));
            gone.close();
            Files.createDirectories(dir.path("x").getParent());
            Path leftover = dir.path(ShmFiles.temporaryPrefix("jobs") + gone.pid() + "-1");
            Path live = dir.path(ShmFiles.temporaryPrefix("jobs") + ProcessHandle.current().pid() + "-999");
            Files.write(leftover, new byte[4096]);
            Files.write(live, new byte[16]);
            try (ChannelServer server = Ipc.bind(dir.uri("jobs"))) {
                assertTrue(server.tryAccept() == null);
                assertFalse(Files.exists(leftover), "a dead creator's temporary file is removed");
                assertTrue(Files.exists(live), "a live creator's is left alone");
            }
            Files.delete(live);
        }
    }

    private static List<String> names(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).sorted().collect(Collectors.toList());
        }
    }

    private static boolean run(String... command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
