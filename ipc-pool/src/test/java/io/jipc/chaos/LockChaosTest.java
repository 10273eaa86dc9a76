package io.jipc.chaos;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.jipc.process.JvmProcess;
import io.jipc.shm.SharedLongArray;
import io.jipc.sync.IpcLock;
import io.jipc.testkit.NoLeaks;

/**
 * Three child JVMs add to a counter under an {@link IpcLock} ({@link LockCounter}) while a {@link ChaosMonkey}
 * kills and stops them, holders included, and the test starts a new child for each one killed: the counter equals
 * the increments acknowledged, exactly; nobody was ever inside with another; every child the monkey spared exits
 * cleanly; nothing is left behind.
 */
@Tag("chaos")
@ExtendWith(NoLeaks.class)
class LockChaosTest {

    private static final Logger LOG = LoggerFactory.getLogger(LockChaosTest.class);
    private static final int CHILDREN = 3;
    /** A stopped holder keeps the lock (only death frees it): stops stay well below the children's 30-s wait. */
    private static final ChaosMonkey.Plan PLAN = new ChaosMonkey.Plan(Duration.ofMillis(300), Duration.ofMillis(1_200),
        Duration.ofMillis(2_000), 0.6);
    private static final int KILLED = 137;

    @Test
    void theCountStaysExactAndHoldersExclusiveThroughKillsAndStops() throws Exception {
        assumeTrue(Files.isWritable(Paths.get("/dev/shm")), "no /dev/shm here");
        try (Residue residue = new Residue("lock")) {
            String lockUri = residue.uri("counter.lock");
            String boardUri = residue.uri("board");
            String summary = run(lockUri, boardUri, Chaos.seed());
            IpcLock.unlink(lockUri);
            SharedLongArray.unlink(boardUri);
            // checked here, once run's frame (which held the lock and the board) is gone: they unmap when collected
            residue.assertNothingLeft(summary);
        }
    }

    /** Runs the children under the monkey, stops them, checks the board; returns the monkey's summary. */
    private static String run(String lockUri, String boardUri, long seed) throws Exception {
        JvmProcess[] children = new JvmProcess[CHILDREN];
        List<Exit> exits = new ArrayList<>();
        long started = 0;
        String summary;
        Set<Long> hurt;
        try (IpcLock lock = IpcLock.open(lockUri); SharedLongArray board = SharedLongArray.open(boardUri, LockCounter.LENGTH)) {
            try {
                try (ChaosMonkey monkey = new ChaosMonkey("lock", seed, PLAN, lastFault -> Arrays.stream(children)
                    .filter(c -> c != null && c.isAlive()).map(JvmProcess::pid).collect(Collectors.toList()))) {
                    long deadline = System.nanoTime() + Chaos.SCENARIO.toNanos();
                    while (System.nanoTime() < deadline) {
                        for (int slot = 0; slot < CHILDREN; slot++) {
                            if (children[slot] != null && children[slot].isAlive()) {
                                continue;
                            }
                            if (children[slot] != null) {
                                exits.add(exit(children[slot]));
                            }
                            children[slot] = JvmProcess.builder(LockCounter.class)
                                .args(lockUri, boardUri, Integer.toString(slot)).start();
                            started++;
                        }
                        Thread.sleep(50);
                    }
                    summary = monkey.summary();
                    hurt = monkey.hurt();
                }
                board.set(LockCounter.STOP, 1);
                for (JvmProcess child : children) {
                    assertTrue(child.join(Duration.ofSeconds(60)), child + " did not leave when asked");
                    exits.add(exit(child));
                }
            } finally {
                for (JvmProcess child : children) {
                    if (child != null) {
                        child.kill();
                        child.close();
                    }
                }
            }
            try (IpcLock.Held held = lock.acquire(Duration.ofSeconds(10))) {
                if (held.previousOwnerDied()) {
                    LockCounter.repair(board);
                }
                long acknowledged = 0;
                for (int slot = 0; slot < LockCounter.SLOTS; slot++) {
                    acknowledged += board.get(LockCounter.ACKNOWLEDGED + slot);
                }
                long counter = board.get(LockCounter.COUNTER);
                LOG.info("{}: {} children started, counter {}, acknowledged {}, {} holds began after a holder died, "
                    + "{} half-done increments repaired", summary, started, counter, acknowledged,
                    board.get(LockCounter.TAKEOVERS), board.get(LockCounter.REPAIRS));
                List<Exit> wrong = exits.stream()
                    .filter(e -> e.code() != 0 && !(e.code() == KILLED && hurt.contains(e.pid())))
                    .collect(Collectors.toList());
                assertEquals(List.of(), wrong, summary + ": children that ended otherwise than asked or killed");
                assertEquals(0, board.get(LockCounter.VIOLATIONS), summary + ": violations of mutual exclusion");
                assertTrue(counter > 0, summary + ": nothing was counted");
                assertEquals(acknowledged, counter, summary + ": the counter against the acknowledged increments");
            }
        }
        return summary;
    }

    private record Exit(long pid, int code) {
    }

    private static Exit exit(JvmProcess child) {
        Exit exit = new Exit(child.pid(), child.exitCode().orElse(-1));
        child.close();
        return exit;
    }
}
