package io.jipc.mq;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

import io.jipc.Channel;
import io.jipc.ChannelServer;
import io.jipc.Ipc;
import io.jipc.process.JvmProcess;
import io.jipc.testkit.EchoPeer;
import io.jipc.testkit.NoLeaks;
import io.jipc.testkit.WallClock;
import io.jipc.testkit.Trees;

/**
 * A wall-clock step kills no {@code mq:} channel: a worker JVM started after a real 30 s step connects to a master
 * bound before it, and each judges the other alive (their records carry kernel start ticks, which no step moves; the
 * JDK's start instants, compared before, differ by the step). Needs root and python3, like ipc-shm's
 * {@code ClockStepTest}; skips within two minutes of midnight UTC, where the step would cross a daily cycle.
 */
@Tag("clockstep")
@Timeout(120)
@ExtendWith(NoLeaks.class)
class MqClockStepTest {

    private static final Duration STEP = Duration.ofSeconds(30);

    @Test
    void aWorkerStartedAfterAStepAndItsMasterJudgeEachOtherAlive() throws Exception {
        String whyNot = WallClock.whyNot();
        assumeTrue(whyNot == null, whyNot);
        int secondOfDay = LocalTime.ofInstant(Instant.now(), ZoneOffset.UTC).toSecondOfDay();
        assumeTrue(secondOfDay > 120 && secondOfDay < 86_400 - 120, "too close to midnight UTC, a daily cycle's end");
        Path dir = Files.createTempDirectory("jipc-mq-clock");
        JvmProcess worker = null;
        try (ChannelServer server = Ipc.bind("mq:" + dir)) {
            try (WallClock clock = WallClock.step(STEP)) {
                assertTrue(clock.error().compareTo(STEP.minusSeconds(1)) > 0, "the clock is ahead");
                worker = JvmProcess.builder(EchoPeer.class).args(server.endpoint().toString()).start();
                try (Channel channel = server.accept(Duration.ofSeconds(30))) {
                    byte[] ping = "ping".getBytes(StandardCharsets.US_ASCII);
                    channel.send(ping);
                    assertArrayEquals(ping, channel.receive(Duration.ofSeconds(10)), "the worker answers");
                    Duration checks = Duration.ofMillis(5 * MqChannel.LIVENESS_CHECK_MILLIS);
                    await().during(checks).atMost(checks.multipliedBy(4)).until(worker::isAlive);
                    channel.send(ping);
                    assertArrayEquals(ping, channel.receive(Duration.ofSeconds(10)), "neither side called the other gone");
                    channel.send((EchoPeer.COMMAND + "close").getBytes(StandardCharsets.US_ASCII));
                    assertTrue(worker.join(Duration.ofSeconds(30)), "the worker did not finish");
                    assertEquals(0, worker.exitCode().getAsInt());
                }
            }
        } finally {
            if (worker != null) {
                worker.close();
            }
            Trees.delete(dir);
        }
    }
}
