package io.jipc.shm;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

import io.jipc.process.JvmProcess;
import io.jipc.testkit.NoLeaks;
import io.jipc.testkit.WallClock;

/**
 * A wall-clock step (NTP, a VM resumed) kills nobody: the clock really is stepped forward, and a JVM started after
 * the step judges a server, a lock holder, a semaphore holder and its own parent, all started before it, alive. The
 * JDK's start instants move with the step (the child's differs from this JVM's own), so a rule comparing them would
 * have called every one of them dead. The clock is put back in a finally, to what it would read unstepped.
 * <p>
 * Needs root (CAP_SYS_TIME) and python3, else it says why it skips. Run it alone with
 * {@code mvn -B -o verify -pl ipc-shm -am -Dtest=ClockStepTest -Dsurefire.failIfNoSpecifiedTests=false}.
 */
@Tag("clockstep")
@Timeout(120)
@ExtendWith(NoLeaks.class)
class ClockStepTest {

    private static final Duration STEP = Duration.ofSeconds(30);

    @Test
    void aJvmStartedAfterAStepJudgesProcessesStartedBeforeItAlive() throws Exception {
        String whyNot = WallClock.whyNot();
        assumeTrue(whyNot == null, whyNot);
        Instant ownStart = ProcessHandle.current().info().startInstant().orElseThrow();
        Map<String, String> report;
        WallClock clock;
        try (JudgeSession session = new JudgeSession()) {
            JvmProcess child = null;
            clock = WallClock.step(STEP);
            long stepped = System.nanoTime();
            try {
                Duration ahead = clock.error();
                assertTrue(ahead.compareTo(STEP.minusSeconds(1)) > 0, "the clock is ahead by " + ahead);
                child = session.childBuilder().start();
                report = session.judge(child);
            } finally {
                try {
                    System.err.printf("clock stepped %s for %d ms%n", STEP, (System.nanoTime() - stepped) / 1_000_000);
                    clock.close();
                } finally {
                    if (child != null) {
                        child.close();
                    }
                }
            }
        }
        Duration left = clock.error();
        assertTrue(left.abs().toMillis() < 100, "the clock was put back to within " + left + " of its unstepped time");
        long moved = Long.parseLong(report.get("parentStartMillis")) - ownStart.toEpochMilli();
        assertTrue(Math.abs(moved - STEP.toMillis()) < 2_000, "a JVM started after the step should see this JVM's "
            + "JDK start instant moved by the step, " + STEP.toMillis() + " ms; it moved " + moved + " ms");
    }
}
