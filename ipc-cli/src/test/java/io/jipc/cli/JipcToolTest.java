package io.jipc.cli;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

import io.jipc.Channel;
import io.jipc.ChannelServer;
import io.jipc.Ipc;
import io.jipc.cli.children.Echo;
import io.jipc.cli.children.Holder;
import io.jipc.process.JvmProcess;
import io.jipc.shm.ShmObject;
import io.jipc.shm.ShmObjects;
import io.jipc.sync.IpcLock;
import io.jipc.testkit.NoLeaks;
import io.jipc.testkit.Resources;

/** The tool against objects that real child JVMs hold, leave behind when killed, and write through. */
@Timeout(120)
@ExtendWith(NoLeaks.class)
class JipcToolTest {

    private final TempDir dir = new TempDir();
    private final Resources resources = new Resources();

    @AfterEach
    void cleanUp() throws Exception {
        try {
            resources.closeAll();
        } finally {
            dir.close();
        }
    }

    private <T extends AutoCloseable> T track(T resource) {
        return resources.track(resource);
    }

    private JvmProcess holder(String... args) {
        return track(JvmProcess.builder(Holder.class).args(args).start());
    }

    /** Waits until the object at {@code path} names {@code holders} live holders. */
    private static void awaitHolders(Path path, int holders) {
        await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(path)
            && ((ShmObject.Sync) ShmObjects.describe(path).contents()).holders().size() == holders);
    }

    @Test
    void lsListsALockHeldByALiveProcessAndStatNamesTheHolder() {
        JvmProcess child = holder("lock", dir.uri("counter.lock"));
        awaitHolders(dir.path("counter.lock"), 1);

        Tool ls = Tool.run("ls", dir.path().toString());
        assertEquals(Jipc.OK, ls.status(), ls.toString());
        String row = ls.out().lines().filter(l -> l.contains("counter.lock")).findFirst().orElseThrow(() -> new AssertionError(ls));
        assertTrue(row.startsWith("lock "), row);
        assertTrue(row.contains("holder " + child.pid() + " alive"), row);
        assertTrue(row.contains("in use"), row);

        Tool stat = Tool.run("stat", dir.path("counter.lock").toString());
        assertEquals(Jipc.OK, stat.status(), stat.toString());
        assertTrue(stat.out().contains("holder      pid " + child.pid() + " (alive)"), stat.toString());
        assertTrue(stat.out().contains("kind        lock"), stat.toString());
        assertTrue(stat.out().contains("mapped by   " + child.pid()), stat.toString());
    }

    @Test
    void cleanRemovesWhatKilledProcessesLeftAndKeepsWhatLiveOnesHold() throws Exception {
        holder("lock", dir.uri("live.lock"));
        JvmProcess lockVictim = holder("lock", dir.uri("dead.lock"));
        JvmProcess semaphoreVictim = holder("semaphore", dir.uri("dead.sem"), "3", "2");
        holder("semaphore", dir.uri("live.sem"), "3", "1");
        awaitHolders(dir.path("live.lock"), 1);
        awaitHolders(dir.path("dead.lock"), 1);
        awaitHolders(dir.path("dead.sem"), 2);
        awaitHolders(dir.path("live.sem"), 1);
        ChannelServer server = track(Ipc.bind(dir.uri("jobs")));
        JvmProcess clientVictim = track(JvmProcess.builder(Echo.class).args(server.endpoint().toString()).start());
        await().atMost(Duration.ofSeconds(30)).until(() -> dir.files().stream().anyMatch(f -> f.startsWith("jobs.ch")));
        for (JvmProcess victim : List.of(lockVictim, semaphoreVictim, clientVictim)) {
            victim.kill();
            assertTrue(victim.join(Duration.ofSeconds(30)));
        }
        // made by a process that is gone, but this one has it open: in use
        IpcLock opened = IpcLock.open(dir.uri("dead.lock"));
        try {
            Tool clean = Tool.run("clean", dir.path().toString());
            assertEquals(Jipc.OK, clean.status(), clean.toString());
            assertTrue(clean.out().contains("removed semaphore " + dir.path("dead.sem")), clean.toString());
            assertTrue(clean.out().contains("holder pid " + semaphoreVictim.pid() + " (dead)"), clean.toString());
            assertTrue(clean.out().contains("removed channel " + dir.path("jobs.ch")), clean.toString());
            assertTrue(clean.out().contains("removed 2 objects"), clean.toString());
            assertEquals(List.of("dead.lock", "jobs", "live.lock", "live.sem"), dir.files(), clean.toString());
        } finally {
            opened.close();
        }
        opened = null;
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            System.gc(); // a closed lock's mapping goes with the garbage collector (docs/sync.md)
            return ShmObjects.describe(dir.path("dead.lock")).mappedBy().isEmpty();
        });
        Tool again = Tool.run("clean", dir.path().toString());
        assertTrue(again.out().contains("removed lock " + dir.path("dead.lock")), again.toString());
        assertEquals(List.of("jobs", "live.lock", "live.sem"), dir.files(), again.toString());
    }

    @Test
    void statShowsWhatEachSideOfAChannelSentAndReceived() throws Exception {
        ChannelServer server = track(Ipc.bind(dir.uri("echo?capacity=64k")));
        JvmProcess child = track(JvmProcess.builder(Echo.class).args(server.endpoint().toString()).start());
        Channel channel = track(server.accept(Duration.ofSeconds(30)));
        byte[] message = "0123456789".getBytes(StandardCharsets.US_ASCII);
        for (int i = 0; i < 100; i++) {
            channel.send(message);
            assertEquals(10, channel.receive(Duration.ofSeconds(30)).length);
        }
        assertEquals(0, channel.poll((buffer, offset, length) -> { }, 1)); // a side publishes what it received when idle
        Path file = dir.files().stream().filter(f -> f.startsWith("echo.ch")).map(dir::path).findFirst().orElseThrow();
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            ShmObject.Channel state = (ShmObject.Channel) ShmObjects.describe(file).contents();
            return state.client().messagesSent() == 100 && state.client().messagesReceived() == 100;
        });
        ShmObject.Channel state = (ShmObject.Channel) ShmObjects.describe(file).contents();
        assertEquals(child.pid(), state.client().process().pid());
        assertEquals(ProcessHandle.current().pid(), state.server().process().pid());
        assertEquals(100, state.server().messagesSent());
        assertEquals(1000, state.server().bytesSent());
        assertEquals(100, state.server().messagesReceived());
        assertEquals(1000, state.client().bytesReceived());
        assertEquals(0, state.server().ringUsed());

        Tool stat = Tool.run("stat", file.toString());
        assertEquals(Jipc.OK, stat.status(), stat.toString());
        assertTrue(stat.out().lines().anyMatch(l -> l.matches("\\s+messages sent\\s+100\\s+100")), stat.toString());
        assertTrue(stat.out().lines().anyMatch(l -> l.matches("\\s+bytes received\\s+1,000\\s+1,000")), stat.toString());

        Tool watch = Tool.run("watch", file.toString(), "--interval=100ms", "--count=2");
        assertEquals(Jipc.OK, watch.status(), watch.toString());
        assertEquals(2, watch.out().lines().filter(l -> l.startsWith("-- ")).count(), watch.toString());
        assertTrue(watch.out().contains("(+0/s)"), watch.toString());

        channel.close();
        await().atMost(Duration.ofSeconds(30)).until(() -> !Files.exists(file));
        assertTrue(child.join(Duration.ofSeconds(30)));
    }

    @Test
    void statSaysHowLongAChildHasHeldALockAndEachSemaphorePermit() {
        long spawned = System.nanoTime();
        JvmProcess child = holder("lock", dir.uri("held.lock"));
        JvmProcess permits = holder("semaphore", dir.uri("held.sem"), "3", "2");
        awaitHolders(dir.path("held.lock"), 1);
        awaitHolders(dir.path("held.sem"), 2);

        double first = heldFor(dir.path("held.lock"), child.pid());
        assertTrue(first >= 0 && first <= (System.nanoTime() - spawned) / 1e9, "held for " + first + " s");
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50))
            .until(() -> heldFor(dir.path("held.lock"), child.pid()) > first + 0.1);

        Tool stat = Tool.run("stat", dir.path("held.sem").toString());
        assertEquals(Jipc.OK, stat.status(), stat.toString());
        assertEquals(2, stat.out().lines().filter(l -> l.matches("\\s+holder\\s+pid " + permits.pid()
            + " \\(alive\\), held for \\d+\\.\\d{3} s")).count(), stat.toString());

        Tool watch = Tool.run("watch", dir.path("held.lock").toString(), "--interval=200ms", "--count=2");
        assertEquals(Jipc.OK, watch.status(), watch.toString());
        assertEquals(2, watch.out().lines().filter(l -> l.contains("holder      pid " + child.pid() + " (alive), held for ")).count(),
            watch.toString());
    }

    /** @return the seconds {@code jipc stat} says {@code pid} has held the lock at {@code path} */
    private static double heldFor(Path path, long pid) {
        Tool stat = Tool.run("stat", path.toString());
        assertEquals(Jipc.OK, stat.status(), stat.toString());
        Matcher held = Pattern.compile("holder      pid " + pid + " \\(alive\\), held for ([0-9,]+\\.\\d{3}) s").matcher(stat.out());
        assertTrue(held.find(), stat.toString());
        return Double.parseDouble(held.group(1).replace(",", ""));
    }

    @Test
    void badInputIsRefusedByName() throws IOException {
        Path garbage = dir.path("notes.txt");
        Files.writeString(garbage, "Dear diary, today I wrote no header");
        Tool stat = Tool.run("stat", garbage.toString());
        assertEquals(Jipc.FAILED, stat.status(), stat.toString());
        assertTrue(stat.err().contains(garbage + " is not a jipc shared-memory file"), stat.toString());

        Tool missing = Tool.run("stat", dir.path("nothing").toString());
        assertEquals(Jipc.FAILED, missing.status(), missing.toString());
        assertTrue(missing.err().contains(dir.path("nothing") + " does not exist"), missing.toString());

        Tool ls = Tool.run("ls", dir.path().toString());
        assertEquals(Jipc.OK, ls.status(), ls.toString());
        assertTrue(ls.out().contains("no jipc objects under " + dir.path()), ls.toString());

        assertEquals(Jipc.USAGE, Tool.run("frobnicate").status());
        assertEquals(Jipc.USAGE, Tool.run("ls", garbage.toString()).status());
        assertEquals(Jipc.USAGE, Tool.run("stat").status());
        Tool badCount = Tool.run("watch", garbage.toString(), "--count=zero");
        assertEquals(Jipc.USAGE, badCount.status(), badCount.toString());
        assertTrue(badCount.err().contains("--count takes a positive number, not 'zero'"), badCount.toString());
        assertFalse(Tool.run("--help").out().isEmpty());
    }
}
