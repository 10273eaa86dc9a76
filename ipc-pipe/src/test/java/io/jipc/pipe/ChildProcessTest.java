package io.jipc.pipe;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import io.jipc.HandshakeException;
import io.jipc.Ipc;
import io.jipc.IpcException;
import io.jipc.IpcInterruptedException;
import io.jipc.IpcTimeoutException;
import io.jipc.Waitable;
import io.jipc.process.ChildProcess;
import org.junit.jupiter.api.extension.ExtendWith;
import io.jipc.testkit.NoLeaks;

/** Any executable as a child: the life cycle JvmProcess has, for a process that is not a JVM. */
@Timeout(60)
@ExtendWith(NoLeaks.class)
class ChildProcessTest {

    private final List<ChildProcess> children = new ArrayList<>();

    private ChildProcess track(ChildProcess child) {
        children.add(child);
        return child;
    }

    @AfterEach
    void reap() {
        for (ChildProcess child : children) {
            child.kill();
            child.close();
            assertFalse(child.isAlive(), child + " outlived its test");
        }
    }

    @Test
    void exitCodeAndCapturedStderrAreReported() {
        ChildProcess sh = track(ChildProcess.command("sh", "-c", "echo to-stderr >&2; exit 3")
            .stderr(ChildProcess.Stderr.CAPTURE).start());
        assertTrue(sh.join(Duration.ofSeconds(10)));
        assertEquals(3, sh.exitCode().getAsInt());
        await().atMost(Duration.ofSeconds(5)).until(() -> sh.capturedStderr().contains("to-stderr"));
        assertTrue(sh.isReady(), "an exited process is ready");
    }

    @Test
    void environmentAndArgumentsReachTheChild() {
        ChildProcess sh = track(ChildProcess.command("sh", "-c", "test \"$JIPC_T\" = secret && test \"$0\" = arg0 && exit 7")
            .args("arg0").env("JIPC_T", "secret").start());
        assertTrue(sh.join(Duration.ofSeconds(10)));
        assertEquals(7, sh.exitCode().getAsInt());
    }

    @Test
    void terminateThenKillStopAChildThatIgnoresSigterm() {
        ChildProcess stubborn = track(ChildProcess.command("sh", "-c", "trap '' TERM; while true; do sleep 1; done")
            .grace(Duration.ofMillis(300)).start());
        assertFalse(stubborn.join(Duration.ofMillis(200)));
        stubborn.terminate();
        assertTrue(stubborn.join(Duration.ofSeconds(10)), "SIGKILL after the grace period");
        assertEquals(137, stubborn.exitCode().getAsInt());
    }

    @Test
    void aChildThatIsNotAJipcPeerFailsTheHandshakeNamingWhatItPrinted() {
        ChildProcess echo = track(ChildProcess.command("sh", "-c", "echo not-jipc; sleep 5").start());
        HandshakeException e = assertThrows(HandshakeException.class, echo::channel);
        assertTrue(e.getMessage().contains("not-jipc"), e.getMessage());
    }

    @Test
    void aMissingExecutableIsAClearError() {
        IpcException e = assertThrows(IpcException.class, () -> ChildProcess.command("/no/such/jipc-exe").start());
        assertTrue(e.getMessage().contains("/no/such/jipc-exe"), e.getMessage());
    }

    @Test
    void waitReturnsTheProcessThatExitedAndHonoursInterrupts() throws InterruptedException {
        ChildProcess quick = track(ChildProcess.command("sh", "-c", "sleep 0.3").start());
        ChildProcess slow = track(ChildProcess.command("sleep", "30").start());
        List<Waitable> both = List.of(slow, quick);
        assertThrows(IpcTimeoutException.class, () -> Ipc.wait(both, Duration.ofMillis(50)));
        assertEquals(List.of(quick), Ipc.wait(both, Duration.ofSeconds(20)));

        AtomicReference<Throwable> thrown = new AtomicReference<>();
        Thread waiter = new Thread(() -> {
            try {
                Ipc.wait(List.of(slow), Duration.ofSeconds(30));
            } catch (Throwable t) {
                thrown.set(t);
            }
        });
        waiter.start();
        await().atMost(Duration.ofSeconds(5)).until(() -> waiter.getState() == Thread.State.TIMED_WAITING);
        waiter.interrupt();
        waiter.join(5_000);
        assertTrue(thrown.get() instanceof IpcInterruptedException, String.valueOf(thrown.get()));
    }
}
