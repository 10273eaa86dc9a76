package io.jipc.pool;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

import io.jipc.process.JvmProcess;
import io.jipc.testkit.EchoPeer;
import io.jipc.testkit.NoLeaks;

/** The kernel's marks of a dying process, read from {@code /proc/<pid>/stat} before its exit is reported. */
@Timeout(60)
@ExtendWith(NoLeaks.class)
class ExitProbeTest {

    /** A real stat line of a JVM worker (fields 3 onwards from a 6.x kernel), with flags and pending signals to fill. */
    private static String line(String comm, char state, long flags, long signal) {
        return "4242 (" + comm + ") " + state + " 4200 4242 4200 0 -1 " + flags + " 1532 0 2 0 40 9 0 0 20 0 21 0 "
            + "1234567 3724509184 15681 18446744073709551615 1 1 0 0 0 " + signal + " 0 16781310 0 0 0 17 1 0 0 0 0 0 "
            + "0 0 0 0 0 0 0 0\n";
    }

    private static boolean exiting(String line) {
        byte[] bytes = line.getBytes(StandardCharsets.US_ASCII);
        return ExitProbe.exiting(bytes, bytes.length);
    }

    @Test
    void readsTheMarksOfADyingProcessFromItsStatLine() {
        assertFalse(exiting(line("java", 'S', 0x400140, 0)), "running, nothing pending");
        assertTrue(exiting(line("java", 'S', 0x400144, 0)), "PF_EXITING in the flags");
        assertTrue(exiting(line("java", 'R', 0x400140, 0x100)), "SIGKILL pending");
        assertFalse(exiting(line("java", 'S', 0x400140, 0x4000)), "SIGTERM pending: the JVM may still shut down cleanly");
        assertTrue(exiting(line("java", 'Z', 0x400140, 0)), "a zombie");
        assertTrue(exiting(line("java", 'X', 0x400140, 0)), "dead");
        assertFalse(exiting(line("a) Z 1 (odd", 'S', 0x400140, 0)), "a command that holds ') Z ' and spaces");
        assertTrue(exiting(line("a) S 1 (odd", 'Z', 0x400140, 0)));
        assertFalse(exiting("garbage without a command"));
        assertFalse(exiting(""));
        assertFalse(exiting("1 (java)"), "cut short");
    }

    @Test
    void readsTheParentFromAStatLine() {
        byte[] bytes = line("a) 7 (b", 'S', 0, 0).getBytes(StandardCharsets.US_ASCII);
        assertEquals(4200, ExitProbe.field(bytes, bytes.length, 1));
        assertEquals(-1, ExitProbe.field(new byte[0], 0, 1));
    }

    @Test
    void aProbeOfAFileThatCannotBeOpenedNeverSaysAnything() {
        try (ExitProbe probe = ExitProbe.of(Path.of("/proc/definitely-not-a-pid/stat"), ProcessHandle.current().pid())) {
            assertFalse(probe.exiting());
        }
    }

    @Test
    void aProcessThatIsNotThisOnesChildIsNeverJudged() {
        // pid 1 is nobody's child here: a /proc of another pid namespace would show a stranger under a child's pid
        // the same way, and the probe must not take its death (or its SIGKILL) for the child's
        try (ExitProbe probe = ExitProbe.of(1)) {
            assertFalse(probe.exiting());
        }
        try (ExitProbe probe = ExitProbe.of(Path.of("/proc/self/stat"), ProcessHandle.current().pid())) {
            assertFalse(probe.exiting(), "this process's own stat names its parent, not itself");
        }
    }

    @Test
    void seesAChildKilledWith9AndStillSaysSoOnceItIsReaped() throws Exception {
        try (JvmProcess child = JvmProcess.builder(EchoPeer.class).args("pipe:stdio").start();
             ExitProbe probe = ExitProbe.of(child.pid());
             ExitProbe unread = ExitProbe.of(child.pid());
             ExitProbe interrupted = ExitProbe.of(child.pid())) {
            await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(10)).until(() -> !probe.exiting());
            Thread.currentThread().interrupt(); // closes the file under the read: not a sign of death
            try {
                assertFalse(interrupted.exiting());
            } finally {
                Thread.interrupted();
            }
            assertFalse(interrupted.exiting(), "a probe whose file an interrupt closed says nothing from then on");
            child.kill();
            await().atMost(Duration.ofSeconds(10)).until(probe::exiting);
            child.onExit().get(10, java.util.concurrent.TimeUnit.SECONDS);
            await().atMost(Duration.ofSeconds(10)).until(() -> !ProcessHandle.of(child.pid()).isPresent());
            assertTrue(unread.exiting(), "a probe first read once its process was reaped: the open file answers ESRCH");
        }
    }
}
