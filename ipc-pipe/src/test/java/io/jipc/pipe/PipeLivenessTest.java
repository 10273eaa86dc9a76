package io.jipc.pipe;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import io.jipc.Channel;
import io.jipc.EndpointException;
import io.jipc.IpcOption;
import io.jipc.IpcOptions;
import io.jipc.IpcTimeoutException;
import io.jipc.PeerGoneException;
import io.jipc.process.ChildProcess;
import io.jipc.process.JvmProcess;
import io.jipc.testkit.EchoPeer;
import io.jipc.testkit.NoLeaks;

/**
 * A peer whose process lives but does not respond (stopped with SIGSTOP): with a liveness timeout it becomes
 * peer-gone, saying so; an idle but live peer proves itself with heartbeats and stays; a peer that predates
 * heartbeats (the Python worker of docs/PROTOCOL.md) keeps working, its liveness known by its process only.
 */
@Timeout(60)
@ExtendWith(NoLeaks.class)
class PipeLivenessTest {

    /** Long enough that a live peer's heartbeat thread, starved on a loaded 2-core machine, still proves it alive. */
    private static final IpcOptions TWO_SECONDS = IpcOptions.of(IpcOption.LIVENESS_TIMEOUT, Duration.ofSeconds(2));

    @TempDir
    Path dir;
    private final List<ChildProcess> children = new ArrayList<>();

    @AfterEach
    void reap() throws Exception {
        for (ChildProcess child : children) {
            signal("CONT", child.pid());
            child.kill();
            child.close();
        }
    }

    private <T extends ChildProcess> T track(T child) {
        children.add(child);
        return child;
    }

    private static void signal(String name, long pid) throws Exception {
        new ProcessBuilder("kill", "-" + name, Long.toString(pid)).start().waitFor();
    }

    @Test
    void aStoppedPeerBecomesPeerGoneSayingItIsAliveButNotResponding() throws Exception {
        JvmProcess child = track(JvmProcess.builder(EchoPeer.class).args("pipe:stdio").channelOptions(TWO_SECONDS).start());
        Channel channel = child.channel();
        channel.send(new byte[] {1});
        assertArrayEquals(new byte[] {1}, channel.receive(Duration.ofSeconds(10)));
        assertThrows(IpcTimeoutException.class, () -> channel.receive(Duration.ofSeconds(3)),
            "an idle live peer proves itself with heartbeats: a timeout, not peer-gone");
        signal("STOP", child.pid());
        PeerGoneException gone = assertThrows(PeerGoneException.class, () -> channel.receive(Duration.ofSeconds(20)));
        assertTrue(gone.getMessage().contains("alive but not responding") && gone.getMessage().contains(
            String.valueOf(child.pid())), gone.getMessage());
        assertTrue(child.isAlive(), "the process still exists: only its silence gave it away");
    }

    @Test
    void aPeerWithoutHeartbeatsStillWorksOnItsProcessAlone() throws Exception {
        ProtocolWorkers.assumePython();
        Path worker = ProtocolWorkers.write(dir, "## 4.");
        ChildProcess python = track(ChildProcess.command("python3", worker.toString()).channelOptions(TWO_SECONDS)
            .stderr(ChildProcess.Stderr.CAPTURE).start());
        Channel channel = python.channel();
        assertThrows(IpcTimeoutException.class, () -> channel.receive(Duration.ofSeconds(3)));
        channel.send("still here".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        assertArrayEquals("STILL HERE".getBytes(java.nio.charset.StandardCharsets.US_ASCII), channel.receive(Duration.ofSeconds(10)));
        assertTrue(channel.close(Duration.ofSeconds(10)));
        assertTrue(python.join(Duration.ofSeconds(10)));
        assertEquals(0, python.exitCode().getAsInt(), python.capturedStderr());
    }

    @Test
    void aTimeoutTooShortToProveIsRefused() {
        JvmProcess child = track(JvmProcess.builder(EchoPeer.class).args("pipe:stdio")
            .channelOptions(IpcOptions.of(IpcOption.LIVENESS_TIMEOUT, Duration.ofMillis(10))).start());
        EndpointException e = assertThrows(EndpointException.class, child::channel);
        assertTrue(e.getMessage().contains("livenessTimeout"), e.getMessage());
    }
}
