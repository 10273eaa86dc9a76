package io.jipc.shm;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

import io.jipc.process.ChildProcess;
import io.jipc.testkit.NoLeaks;

/**
 * A process in another time namespace reads every process's kernel start time shifted by its namespace's boot-time
 * offset: jipc keeps start times as the initial namespace sees them, so a child in a namespace 1000 s "older" judges
 * its parent, the parent's server, lock and semaphore alive, and its own lock is judged alive from outside. The
 * namespace is made with {@code unshare --time --boottime 1000} (root here); without it the test says why it skips.
 */
@Timeout(120)
@ExtendWith(NoLeaks.class)
class ShmTimeNamespaceTest {

    private static final List<String> UNSHARE = List.of("unshare", "--time", "--boottime", "1000");

    private static boolean canUnshare() {
        try {
            List<String> command = new ArrayList<>(UNSHARE);
            command.add("true");
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (Exception e) {
            return false;
        }
    }

    @Test
    void aChildInAnotherTimeNamespaceAndItsParentJudgeEachOtherAlive() {
        assumeTrue(canUnshare(), "cannot make a time namespace here (unshare --time needs root and Linux 5.6)");
        try (JudgeSession session = new JudgeSession()) {
            List<String> command = new ArrayList<>(UNSHARE);
            command.addAll(session.childCommand());
            try (ChildProcess child = ChildProcess.command(command).stderr(ChildProcess.Stderr.CAPTURE).start()) {
                session.judge(child);
            }
        }
    }
}
