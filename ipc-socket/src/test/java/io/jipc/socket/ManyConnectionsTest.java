package io.jipc.socket;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import io.jipc.Channel;
import io.jipc.ChannelServer;
import io.jipc.Ipc;
import io.jipc.PeerGoneException;
import io.jipc.process.JvmProcess;
import io.jipc.socket.children.ManyClients;
import org.junit.jupiter.api.extension.ExtendWith;
import io.jipc.testkit.NoLeaks;

/**
 * 1,000 concurrent connections from four client JVMs, each echoed by one server thread that waits on all of them
 * with {@code Ipc.wait}: all complete, then every event loop thread and socket is released.
 */
@Timeout(120)
@ExtendWith(NoLeaks.class)
class ManyConnectionsTest {

    private static final int PROCESSES = 4;
    private static final int PER_PROCESS = 250;
    private static final int MESSAGES = 20;

    @Test
    void aThousandConnectionsAreServedAndReleased() {
        Leaks.awaitReleased(Integer.MAX_VALUE - 10);
        int baseline = Leaks.openFiles();
        List<JvmProcess> clients = new ArrayList<>();
        List<Channel> channels = new ArrayList<>();
        try (ChannelServer server = Ipc.bind("tcp://127.0.0.1:0")) {
            for (int i = 0; i < PROCESSES; i++) {
                clients.add(JvmProcess.builder(ManyClients.class)
                    .args(server.endpoint().toString(), Integer.toString(PER_PROCESS), Integer.toString(MESSAGES))
                    .start());
            }
            for (int i = 0; i < PROCESSES * PER_PROCESS; i++) {
                channels.add(server.accept(Duration.ofSeconds(60)));
            }
            long echoed = echoUntilAllLeave(channels);
            assertEquals((long) PROCESSES * PER_PROCESS * MESSAGES, echoed);
            for (JvmProcess client : clients) {
                assertTrue(client.join(Duration.ofSeconds(60)));
                assertEquals(0, client.exitCode().getAsInt());
            }
        } finally {
            channels.forEach(c -> c.close(Duration.ZERO));
            clients.forEach(JvmProcess::close);
        }
        Leaks.awaitReleased(baseline);
    }

    /** Echoes on every channel until each peer closed; returns how many messages were echoed. */
    private static long echoUntilAllLeave(List<Channel> channels) {
        List<Channel> open = new ArrayList<>(channels);
        UnsafeBuffer copy = new UnsafeBuffer(new byte[8]);
        long[] echoed = {0};
        while (!open.isEmpty()) {
            for (Channel ready : Ipc.wait(open, Duration.ofSeconds(60))) {
                try {
                    ready.poll((buffer, offset, length) -> {
                        buffer.getBytes(offset, copy, 0, length);
                        ready.send(copy, 0, length, Duration.ofSeconds(30));
                        echoed[0]++;
                    }, 16);
                } catch (PeerGoneException e) {
                    open.remove(ready);
                    ready.close(); // answers the client's end-of-stream: its close returns at once
                }
            }
        }
        return echoed[0];
    }
}
