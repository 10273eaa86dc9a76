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
import io.jipc.internal.ProcessIdentity;
import io.jipc.process.ChildProcess;
import io.jipc.shm.file.FileHeader;
import io.jipc.shm.file.MappedFile;
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
            long gone = deadPid();
            Path leftover = temporary(dir, "jobs", gone);
            Path live = temporary(dir, "jobs", ProcessHandle.current().pid());
            try (ChannelServer server = Ipc.bind(dir.uri("jobs"))) {
                assertTrue(server.tryAccept() == null);
                assertFalse(Files.exists(leftover), "a dead creator's temporary file is removed");
                assertTrue(Files.exists(live), "a live creator's is left alone");
            }
            Files.delete(live);
        }
    }

    @Test
    void whatAClientKilledWhileConnectingLeftIsRemovedWhenTheServerCloses() throws Exception {
        try (TempShmDir dir = new TempShmDir()) {
            long gone = deadPid();
            ChannelServer server = dir.track(Ipc.bind(dir.uri("jobs")));
            // under names nobody creates again: the next client takes the next id
            Path leftover = temporary(dir, "jobs.ch41", gone);
            Path live = temporary(dir, "jobs.ch42", ProcessHandle.current().pid());
            Path otherServers = temporary(dir, "jobs2.ch41", gone);
            try {
                Path named = deadClientsChannelFile(dir.path("jobs.ch40"), gone);
                server.close();
                assertFalse(Files.exists(named), "a dead client's channel file, killed before it asked for accept");
                assertFalse(Files.exists(leftover), "a dead client's temporary file is removed");
                assertTrue(Files.exists(live), "a live client's is left alone");
                assertTrue(Files.exists(otherServers), "another server's clients' are left to that server");

                temporary(dir, "jobs.ch41", gone); // as if the server had died too
                dir.track(Ipc.bind(dir.uri("jobs")));
                assertFalse(Files.exists(leftover), "the next bind removes it then");
            } finally {
                Files.deleteIfExists(live);
                Files.deleteIfExists(otherServers);
            }
            dir.closeChecked();
        }
    }

    /** @return {@code path}, a channel file as a client that is gone created it (it died before connecting) */
    private static Path deadClientsChannelFile(Path path, long pid) throws IOException {
        long length = ChannelDescriptor.fileLength(4096);
        ProcessIdentity client = new ProcessIdentity(pid, 0);
        MappedFile file = ShmFiles.createExclusive(path, length, buffer -> {
            FileHeader.write(buffer, FileHeader.Kind.CHANNEL, client, length);
            buffer.putInt(ChannelDescriptor.CAPACITY_OFFSET, 4096);
            buffer.putLong(ChannelDescriptor.CLIENT_SIDE_OFFSET + ChannelDescriptor.SIDE_PID_OFFSET, pid);
            buffer.putInt(ChannelDescriptor.CLIENT_SIDE_OFFSET + ChannelDescriptor.SIDE_STATE_OFFSET,
                ChannelDescriptor.STATE_OPEN);
        });
        file.unmap();
        return path;
    }

    /**
     * @return a temporary file of {@code name} as its creator {@code pid} leaves it, half-way through a create (number
     *     0, which this process's own creates never take)
     */
    private static Path temporary(TempShmDir dir, String name, long pid) throws IOException {
        Path file = dir.path(ShmFiles.temporaryPrefix(name) + pid + "-0");
        Files.createDirectories(file.getParent());
        Files.write(file, new byte[4096]);
        return file;
    }

    /** @return the pid of a process that ran and is gone */
    private static long deadPid() {
        ChildProcess gone = ChildProcess.command("true").start();
        assertTrue(gone.join(Duration.ofSeconds(10)));
        gone.close();
        return gone.pid();
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
