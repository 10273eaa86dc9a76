package io.jipc.shm;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import io.jipc.Channel;
import io.jipc.ChannelServer;
import io.jipc.Ipc;
import io.jipc.IpcTimeoutException;
import io.jipc.internal.ParentWatch;
import io.jipc.internal.ProcessIdentity;
import io.jipc.process.ChildProcess;
import io.jipc.process.JvmProcess;
import io.jipc.sync.IpcLock;
import io.jipc.sync.IpcSemaphore;

/**
 * This JVM's side of a {@link ProcessJudge} run: made before the child exists (a server, a lock held, a semaphore's
 * only permit taken), then {@link #judge} checks that the child, started wherever its view of time differs, judged
 * every one of them alive, and that this JVM judges the child's lock alive too.
 */
final class JudgeSession implements AutoCloseable {

    private final TempShmDir dir = new TempShmDir();
    private final ChannelServer server;
    private final IpcLock held;
    private final IpcSemaphore drained;
    private final IpcSemaphore.Permit permit;
    private final IpcLock childs;

    JudgeSession() {
        server = Ipc.bind(dir.uri("server"));
        held = IpcLock.open(dir.uri("parent.lock"));
        held.lock();
        drained = IpcSemaphore.open(dir.uri("parent.sem"), 1);
        permit = drained.acquire(Duration.ofSeconds(5));
        childs = IpcLock.open(dir.uri("child.lock"));
    }

    /** @return the command of a daemon child JVM running {@link ProcessJudge} against this session */
    List<String> childCommand() {
        return childBuilder().command();
    }

    /** @return a builder of a daemon child JVM running {@link ProcessJudge} against this session */
    JvmProcess.Builder childBuilder() {
        return JvmProcess.builder(ProcessJudge.class).stderr(ChildProcess.Stderr.CAPTURE).args(
            Long.toString(ProcessHandle.current().pid()), server.endpoint().toString(), dir.uri("parent.lock"),
            dir.uri("parent.sem"), dir.uri("child.lock"));
    }

    /**
     * Takes the child's report, checks what both sides judged, and lets the child finish.
     *
     * @return the child's report
     */
    Map<String, String> judge(ChildProcess child) {
        long started = System.nanoTime();
        try (Channel channel = acceptFrom(child)) {
            Map<String, String> report = parse(channel.receive(Duration.ofSeconds(30)));
            System.err.printf("the child connected and reported in %d ms%n", (System.nanoTime() - started) / 1_000_000);
            String said = "child said " + report;
            assertEquals(Long.toString(ProcessIdentity.current().token()), report.get("parentToken"),
                "the child reads this process's start as this process does; " + said);
            assertEquals(Long.toString(ProcessIdentity.of(child.pid()).token()), report.get("selfToken"),
                "this process reads the child's start as the child does; " + said);
            assertEquals("false", report.get("tryLock"), "tryLock() took a live holder's lock; " + said);
            assertEquals("timed out", report.get("lock"), "a waiter took a live holder's lock; " + said);
            assertEquals("false", report.get("tryAcquire"), "tryAcquire(1) took a live holder's permit; " + said);
            assertEquals("timed out", report.get("acquire"), "a waiter took a live holder's permit; " + said);
            Duration watched = Duration.ofMillis(3 * ParentWatch.PERIOD_MS);
            await().during(watched).atMost(watched.multipliedBy(3)).until(child::isAlive);
            byte[] ping = {4, 2};
            channel.send(ping);
            assertArrayEquals(ping, channel.receive(Duration.ofSeconds(10)), "the child's channel still serves");
            assertThrows(IpcTimeoutException.class, () -> childs.acquire(Duration.ofMillis(300)).close(),
                "this process took the live child's lock");
            channel.send(ProcessJudge.BYE.getBytes(StandardCharsets.UTF_8));
            assertTrue(child.join(Duration.ofSeconds(30)), "the child did not finish");
            assertEquals(0, child.exitCode().getAsInt(), () -> "the child failed: " + child.capturedStderr());
            return report;
        }
    }

    /** @return the child's channel; fails at once, saying why, when the child exits first (143: it called us dead) */
    private Channel acceptFrom(ChildProcess child) {
        AtomicReference<Channel> accepted = new AtomicReference<>();
        await().atMost(Duration.ofSeconds(30)).until(() -> accepted.updateAndGet(c -> c != null ? c : server.tryAccept()) != null
            || !child.isAlive());
        assertNotNull(accepted.get(), () -> "the child exited (" + child.exitCode() + ") before connecting: "
            + child.capturedStderr());
        return accepted.get();
    }

    private static Map<String, String> parse(byte[] report) {
        Map<String, String> fields = new LinkedHashMap<>();
        for (String line : new String(report, StandardCharsets.UTF_8).split("\n")) {
            int eq = line.indexOf('=');
            fields.put(line.substring(0, eq), line.substring(eq + 1));
        }
        return fields;
    }

    @Override
    public void close() {
        try (dir; server; held; drained; childs) {
            permit.close();
            held.unlock();
        }
    }
}
