package io.jipc.shm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import io.jipc.Channel;
import io.jipc.ChannelServer;
import io.jipc.Ipc;
import io.jipc.process.ChildProcess;
import io.jipc.process.JvmProcess;
import io.jipc.sync.IpcLock;
import org.junit.jupiter.api.extension.ExtendWith;
import io.jipc.testkit.NoLeaks;

/**
 * Two processes that share /dev/shm but not a pid namespace (two containers) cannot judge each other's pids: a
 * process in another namespace is refused every file, naming both namespaces, and never deletes a live server's.
 * The other namespace is made with {@code unshare --pid} (we are root here); without it the test says why it skips.
 */
@Timeout(120)
@ExtendWith(NoLeaks.class)
class ShmPidNamespaceTest {

    /** Run in the other namespace: tries a server, a bind over it, and a lock; reports each outcome on stderr. */
    public static final class Stranger {
        public static void main(String[] args) {
            report("connect", () -> Ipc.connect(args[0], Duration.ofSeconds(5)).close());
            report("bind", () -> Ipc.bind(args[0]).close());
            report("lock", () -> IpcLock.open(args[1]).close());
        }

        private static void report(String what, Runnable attempt) {
            try {
                attempt.run();
                System.err.println("STRANGER " + what + " succeeded");
            } catch (RuntimeException e) {
                System.err.println("STRANGER " + what + " refused: " + e.getClass().getSimpleName() + ": " + e.getMessage());
            }
        }
    }

    private static boolean canUnshare() {
        try {
            Process p = new ProcessBuilder("unshare", "--pid", "--fork", "--mount-proc", "true").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (Exception e) {
            return false;
        }
    }

    @Test
    void aProcessInAnotherPidNamespaceIsRefusedAndDeletesNothing() throws Exception {
        assumeTrue(canUnshare(), "cannot make a pid namespace here (unshare --pid needs root or user namespaces)");
        try (TempShmDir dir = new TempShmDir();
             ChannelServer server = Ipc.bind(dir.uri("server"));
             IpcLock lock = IpcLock.open(dir.uri("held.lock"))) {
            lock.lock();
            List<String> command = new ArrayList<>(List.of("unshare", "--pid", "--fork", "--mount-proc"));
            command.addAll(JvmProcess.builder(Stranger.class).daemon(false)
                .args(server.endpoint().toString(), dir.uri("held.lock")).command());
            ChildProcess stranger = ChildProcess.command(command).stderr(ChildProcess.Stderr.CAPTURE).start();
            try {
                assertTrue(stranger.join(Duration.ofSeconds(60)), "the stranger did not finish");
                String said = stranger.capturedStderr();
                assertEquals(0, stranger.exitCode().getAsInt(), said);
                for (String what : List.of("connect", "bind", "lock")) {
                    assertTrue(said.contains("STRANGER " + what + " refused") && said.lines()
                        .filter(l -> l.startsWith("STRANGER " + what)).anyMatch(l -> l.contains("pid namespace")), said);
                }
            } finally {
                stranger.kill();
                stranger.close();
            }
            assertTrue(Files.exists(dir.path("server")), "the live server's file is still there");
            CompletableFuture<Channel> client = CompletableFuture.supplyAsync(() -> Ipc.connect(server.endpoint().toString()));
            try (Channel accepted = server.accept(Duration.ofSeconds(10)); Channel connected = client.get(10, TimeUnit.SECONDS)) {
                connected.send(new byte[] {3});
                assertEquals(3, accepted.receive(Duration.ofSeconds(5))[0], "the server still serves its own namespace");
            }
            assertTrue(lock.isHeldByCurrentThread(), "the stranger took nothing");
            lock.unlock();
        }
    }
}
