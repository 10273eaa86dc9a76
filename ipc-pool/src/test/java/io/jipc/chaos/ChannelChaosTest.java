package io.jipc.chaos;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.jipc.Channel;
import io.jipc.ChannelServer;
import io.jipc.Ipc;
import io.jipc.IpcOption;
import io.jipc.IpcOptions;
import io.jipc.IpcTimeoutException;
import io.jipc.PeerGoneException;
import io.jipc.process.JvmProcess;
import io.jipc.testkit.EchoPeer;
import io.jipc.testkit.NoLeaks;

/**
 * A stream of numbered messages over a shm channel to an echoing child ({@link EchoPeer}) while a
 * {@link ChaosMonkey} kills and stops it; the server asks for heartbeats ({@link IpcOption#LIVENESS_TIMEOUT}).
 * Every echo comes back whole and in order; a killed peer, or one stopped past the liveness timeout, ends its
 * channel with {@link PeerGoneException} naming its pid, never a hang; a shorter stop only delays the stream; a new
 * peer then takes over (the monkey waits for its first echo); nothing is left behind.
 */
@Tag("chaos")
@ExtendWith(NoLeaks.class)
class ChannelChaosTest {

    private static final Logger LOG = LoggerFactory.getLogger(ChannelChaosTest.class);
    private static final Duration LIVENESS = Duration.ofMillis(1_500);
    /** Stops from 0.3 s to 3 s: some end before the liveness timeout, some after. */
    private static final ChaosMonkey.Plan PLAN = new ChaosMonkey.Plan(Duration.ofMillis(500), Duration.ofMillis(1_500),
        Duration.ofMillis(3_000), 0.5);
    private static final int WINDOW = 32;
    private static final int MAX_LENGTH = 256;
    /** Longest time without an echo and without word of the peer's end: beyond it, the channel hangs. */
    private static final Duration HANG = Duration.ofSeconds(30);

    /** One peer's channel: what was sent and echoed, and how it ended. */
    private static final class Connection {
        final JvmProcess peer;
        final Channel channel;
        long sent;
        long echoed;
        PeerGoneException gone;

        Connection(JvmProcess peer, Channel channel) {
            this.peer = peer;
            this.channel = channel;
        }
    }

    private volatile long currentPeer;

    @Test
    void everyEchoComesBackInOrderAndADeadOrFrozenPeerIsPeerGoneNamingIt() throws Exception {
        assumeTrue(Files.isWritable(Paths.get("/dev/shm")), "no /dev/shm here");
        try (Residue residue = new Residue("channel")) {
            String summary = run(residue.uri("echo?capacity=64k"), Chaos.seed());
            // checked here, once run's frame (which held the channels) is gone: a channel unmaps when collected
            residue.assertNothingLeft(summary);
        }
    }

    /** Streams to one peer after another under the monkey, checks how each ended; returns the monkey's summary. */
    private String run(String uri, long seed) throws Exception {
        List<String> problems = new ArrayList<>();
        long echoes = 0;
        int connections = 0;
        String summary;
        try (ChannelServer server = Ipc.bind(uri, IpcOptions.of(IpcOption.LIVENESS_TIMEOUT, LIVENESS))) {
            Set<Long> hurt;
            Connection last;
            try (ChaosMonkey monkey = new ChaosMonkey("channel", seed, PLAN,
                lastFault -> currentPeer == 0 ? List.of() : List.of(currentPeer))) {
                long deadline = System.nanoTime() + Chaos.SCENARIO.toNanos();
                while (true) {
                    last = connect(server);
                    connections++;
                    stream(last, deadline);
                    if (last.gone == null) {
                        break; // the deadline
                    }
                    echoes += last.echoed;
                    end(last, monkey.hurt(), problems);
                }
                summary = monkey.summary();
                hurt = monkey.hurt();
            }
            try {
                drain(last);
                echoes += last.echoed;
                if (last.gone == null) {
                    boolean delivered = last.channel.close(Duration.ofSeconds(10));
                    assertTrue(last.peer.join(Duration.ofSeconds(30)), "the last peer did not leave at end-of-stream");
                    if (!hurt.contains(last.peer.pid())) { // else it may have been killed as the run ended
                        assertTrue(delivered, "the last peer's channel closed with messages undelivered");
                        assertEquals(0, last.peer.exitCode().orElse(-1), "the last peer's exit code");
                    }
                } else {
                    end(last, hurt, problems);
                }
            } finally {
                last.peer.kill();
                last.peer.close();
            }
        }
        LOG.info("{}: {} connections, {} echoes", summary, connections, echoes);
        assertEquals(List.of(), problems, summary);
        assertTrue(echoes > 0, summary + ": nothing was echoed");
        return summary;
    }

    private Connection connect(ChannelServer server) {
        JvmProcess peer = JvmProcess.builder(EchoPeer.class).args(server.endpoint().toString()).start();
        try {
            return new Connection(peer, server.accept(Duration.ofSeconds(60)));
        } catch (RuntimeException | Error e) {
            peer.kill();
            peer.close();
            throw e;
        }
    }

    /** Sends and checks echoes until the deadline or the peer's end. */
    private void stream(Connection c, long deadline) throws InterruptedException {
        UnsafeBuffer message = new UnsafeBuffer(new byte[MAX_LENGTH]);
        long lastProgress = System.nanoTime();
        try {
            while (System.nanoTime() < deadline) {
                while (c.sent - c.echoed < WINDOW) {
                    int length = fill(message, c.sent);
                    c.channel.send(message, 0, length, Duration.ofSeconds(10));
                    c.sent++;
                }
                if (receive(c) > 0) {
                    lastProgress = System.nanoTime();
                    currentPeer = c.peer.pid(); // in service: the monkey may hurt it now
                    Thread.sleep(1);
                } else if (System.nanoTime() - lastProgress > HANG.toNanos()) {
                    throw new AssertionError("no echo and no end for " + HANG + " from " + c.peer + " ("
                        + c.echoed + " of " + c.sent + " echoed)");
                }
            }
        } catch (PeerGoneException e) {
            c.gone = e;
        }
    }

    /** Reads the echoes still due after the chaos, or the peer's end. */
    private void drain(Connection c) {
        long started = System.nanoTime();
        try {
            while (c.gone == null && c.echoed < c.sent) {
                receive(c);
                if (System.nanoTime() - started > HANG.toNanos()) {
                    throw new AssertionError("the last " + (c.sent - c.echoed) + " echoes never came from " + c.peer);
                }
            }
        } catch (PeerGoneException e) {
            c.gone = e;
        }
    }

    private static int receive(Connection c) {
        try {
            return c.channel.receive((buffer, offset, length) -> check(c, buffer, offset, length), WINDOW,
                Duration.ofMillis(200));
        } catch (IpcTimeoutException e) {
            return 0;
        }
    }

    /** The message numbered {@code seq}: its number, its complement, then {@code seq}'s low byte to a length it sets. */
    private static int fill(UnsafeBuffer message, long seq) {
        int length = 16 + (int) (seq * 37 % (MAX_LENGTH - 15));
        message.putLong(0, seq);
        message.putLong(8, ~seq);
        message.setMemory(16, length - 16, (byte) seq);
        return length;
    }

    private static void check(Connection c, DirectBuffer buffer, int offset, int length) {
        long seq = c.echoed;
        if (buffer.getLong(offset) != seq || buffer.getLong(offset + 8) != ~seq
            || length != 16 + (int) (seq * 37 % (MAX_LENGTH - 15))) {
            throw new AssertionError("echo " + seq + " from " + c.peer + " is wrong: number " + buffer.getLong(offset)
                + ", length " + length);
        }
        for (int i = 16; i < length; i++) {
            if (buffer.getByte(offset + i) != (byte) seq) {
                throw new AssertionError("echo " + seq + " from " + c.peer + " is corrupt at byte " + i);
            }
        }
        c.echoed++;
    }

    /** A peer's channel ended: it names the peer, and the peer was one the monkey hurt. */
    private void end(Connection c, Set<Long> hurt, List<String> problems) {
        currentPeer = 0;
        String message = c.gone.getMessage();
        LOG.info("{}: {} of {} messages echoed, then {}", c.peer, c.echoed, c.sent, message);
        if (!message.contains(Long.toString(c.peer.pid()))) {
            problems.add("peer-gone does not name pid " + c.peer.pid() + ": " + message);
        }
        if (!hurt.contains(c.peer.pid())) {
            if (message.contains("alive but not responding")) {
                LOG.warn("{} was not stopped, yet was silent past {}: {}", c.peer, LIVENESS, message);
            } else {
                problems.add(c.peer + " was never hurt, yet: " + message);
            }
        }
        c.channel.close(Duration.ZERO);
        c.peer.kill();
        c.peer.close();
    }
}
