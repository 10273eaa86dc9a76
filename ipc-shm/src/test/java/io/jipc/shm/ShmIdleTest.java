package io.jipc.shm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import io.jipc.Channel;
import io.jipc.ChannelServer;
import io.jipc.Ipc;
import io.jipc.process.JvmProcess;
import io.jipc.testkit.EchoPeer;
import org.junit.jupiter.api.extension.ExtendWith;
import io.jipc.testkit.NoLeaks;

/** An idle channel with the default idle strategy costs (almost) no CPU, and wakes up at once. */
@Timeout(60)
@ExtendWith(NoLeaks.class)
class ShmIdleTest {

    @Test
    void aReceiverWaitingOnAnIdleChannelDoesNotBurnACore() {
        try (TempShmDir dir = new TempShmDir();
             ChannelServer server = Ipc.bind(dir.uri("idle"));
             JvmProcess child = JvmProcess.builder(EchoPeer.class).args(server.endpoint().toString()).start();
             Channel channel = server.accept(Duration.ofSeconds(30))) {
            channel.send(new byte[] {1});
            assertArrayEquals(new byte[] {1}, channel.receive(Duration.ofSeconds(10)));
            LockSupport.parkNanos(Duration.ofMillis(200).toNanos()); // past the spinning and yielding phases
            Duration before = child.handle().info().totalCpuDuration().orElseThrow();
            long started = System.nanoTime();
            LockSupport.parkNanos(Duration.ofSeconds(1).toNanos());
            Duration used = child.handle().info().totalCpuDuration().orElseThrow().minus(before);
            Duration wall = Duration.ofNanos(System.nanoTime() - started);
            assertTrue(used.toNanos() < wall.toNanos() / 5, "the idle child used " + used.toMillis() + " ms of CPU in "
                + wall.toMillis() + " ms");
            channel.send(new byte[] {2});
            assertArrayEquals(new byte[] {2}, channel.receive(Duration.ofSeconds(10)));
        }
    }
}
