package io.jipc.shm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

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
 * A shm peer whose process lives but does not respond (SIGSTOP): with a liveness timeout it becomes peer-gone,
 * saying so; an idle live peer keeps itself alive with heartbeats in the channel file.
 */
@Timeout(60)
@ExtendWith(NoLeaks.class)
class ShmLivenessTest {

    @Test
    void aStoppedClientBecomesPeerGoneSayingItIsAliveButNotResponding() throws Exception {
        try (TempShmDir dir = new TempShmDir();
             ChannelServer server = Ipc.bind(dir.uri("live"), IpcOptions.of(IpcOption.LIVENESS_TIMEOUT, Duration.ofSeconds(2)));
             JvmProcess client = JvmProcess.builder(EchoPeer.class).args(server.endpoint().toString()).start()) {
            try {
                Channel channel = server.accept(Duration.ofSeconds(30));
                channel.send(new byte[] {1});
                assertArrayEquals(new byte[] {1}, channel.receive(Duration.ofSeconds(10)));
                assertThrows(IpcTimeoutException.class, () -> channel.receive(Duration.ofSeconds(3)),
                    "an idle live peer beats: a timeout, not peer-gone");
                signal("STOP", client.pid());
                PeerGoneException gone = assertThrows(PeerGoneException.class, () -> channel.receive(Duration.ofSeconds(20)));
                assertTrue(gone.getMessage().contains("alive but not responding")
                    && gone.getMessage().contains(String.valueOf(client.pid())), gone.getMessage());
                channel.close(Duration.ZERO);
            } finally {
                signal("CONT", client.pid());
                client.kill();
            }
        }
    }

    private static void signal(String name, long pid) throws Exception {
        new ProcessBuilder("kill", "-" + name, Long.toString(pid)).start().waitFor();
    }
}
