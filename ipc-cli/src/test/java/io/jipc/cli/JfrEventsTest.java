package io.jipc.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

import io.jipc.Channel;
import io.jipc.ChannelServer;
import io.jipc.Ipc;
import io.jipc.PeerGoneException;
import io.jipc.cli.children.Echo;
import io.jipc.cli.children.Holder;
import io.jipc.cli.children.SlowReader;
import io.jipc.pool.ProcessPool;
import io.jipc.process.JvmProcess;
import io.jipc.sync.IpcLock;
import io.jipc.testkit.NoLeaks;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;

/** Records a short run of real processes with the Flight Recorder and reads jipc's events back. */
@Timeout(120)
@ExtendWith(NoLeaks.class)
class JfrEventsTest {

    @Test
    void aShortRunLeavesItsChannelsStallsDeathsAndRecoveriesInTheRecording() throws Exception {
        Path file = Files.createTempFile("jipc-jfr-", ".jfr");
        JvmProcess echo = null;
        JvmProcess slow = null;
        JvmProcess holder = null;
        try (TempDir dir = new TempDir(); Recording recording = new Recording()) {
            for (String name : List.of("ChannelOpened", "ChannelClosed", "PeerGone", "BackPressureStall", "LockOwnerDied")) {
                recording.enable("io.jipc." + name);
            }
            recording.start();
            try (ChannelServer server = Ipc.bind(dir.uri("jobs?capacity=4k"))) {
                echo = JvmProcess.builder(Echo.class).args(server.endpoint().toString()).start();
                try (Channel channel = server.accept(Duration.ofSeconds(30))) {
                    channel.send(new byte[] {42});
                    assertEquals(42, channel.receive(Duration.ofSeconds(30))[0]);
                    echo.kill();
                    assertThrows(PeerGoneException.class, () -> channel.receive(Duration.ofSeconds(30)));
                }
                slow = JvmProcess.builder(SlowReader.class).args(server.endpoint().toString()).start();
                try (Channel channel = server.accept(Duration.ofSeconds(30))) {
                    for (int i = 0; i < 40; i++) {
                        channel.send(new byte[512], Duration.ofSeconds(30)); // the 4 KiB ring fills: send waits
                    }
                }
                assertTrue(slow.join(Duration.ofSeconds(30)));
            }
            holder = JvmProcess.builder(Holder.class).args("lock", dir.uri("dead.lock")).start();
            try (IpcLock lock = IpcLock.open(dir.uri("dead.lock"))) {
                JvmProcess victim = holder;
                org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> lock.ownerPid().orElse(-1) == victim.pid());
                holder.kill();
                try (IpcLock.Held held = lock.acquire(Duration.ofSeconds(30))) {
                    assertTrue(held.previousOwnerDied());
                }
            }
            recording.stop();
            recording.dump(file);

            List<RecordedEvent> events = RecordingFile.readAllEvents(file);
            List<String> names = events.stream().map(e -> e.getEventType().getName()).collect(Collectors.toList());
            assertTrue(names.stream().filter("io.jipc.ChannelOpened"::equals).count() >= 2, names.toString());
            assertTrue(names.stream().filter("io.jipc.ChannelClosed"::equals).count() >= 2, names.toString());
            RecordedEvent gone = only(events, "io.jipc.PeerGone", e -> e.getString("endpoint").contains("jobs.ch"));
            assertFalse(gone.getString("reason").isEmpty(), gone.toString());
            RecordedEvent stall = only(events, "io.jipc.BackPressureStall", e -> true);
            assertTrue(stall.getDuration().toMillis() >= 1, stall.toString());
            assertEquals(512, stall.getInt("length"));
            assertTrue(stall.getBoolean("sent"));
            RecordedEvent died = only(events, "io.jipc.LockOwnerDied", e -> true);
            assertEquals(holder.pid(), died.getLong("pid"));
            assertTrue(died.getString("file").endsWith("dead.lock"), died.toString());
        } finally {
            for (JvmProcess process : new JvmProcess[] {echo, slow, holder}) {
                if (process != null) {
                    process.kill();
                    process.close();
                }
            }
            Files.deleteIfExists(file);
        }
    }

    @Test
    void aPoolRecordsItsTasksAndTheWorkerItLostAndReplaced() throws Exception {
        Path file = Files.createTempFile("jipc-jfr-pool-", ".jfr");
        try (Recording recording = new Recording()) {
            for (String name : List.of("PoolTask", "WorkerLost", "WorkerReplaced")) {
                recording.enable("io.jipc." + name);
            }
            recording.start();
            long lost;
            try (ProcessPool pool = ProcessPool.builder().workers(1).build()) {
                assertEquals(List.of(1, 4, 9), pool.map(JfrEventsTest::square, List.of(1, 2, 3)));
                lost = pool.workerPids().get(0);
                ProcessHandle.of(lost).ifPresent(ProcessHandle::destroyForcibly);
                org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(60))
                    .until(() -> !pool.workerPids().isEmpty() && !pool.workerPids().contains(lost));
                assertEquals(25, pool.submit(() -> square(5)).get(60, TimeUnit.SECONDS));
            }
            recording.stop();
            recording.dump(file);

            List<RecordedEvent> events = RecordingFile.readAllEvents(file);
            List<RecordedEvent> tasks = events.stream().filter(e -> e.getEventType().getName().equals("io.jipc.PoolTask"))
                .collect(Collectors.toList());
            assertTrue(tasks.size() >= 2, events.toString());
            assertTrue(tasks.stream().allMatch(e -> "done".equals(e.getString("outcome")) && e.getLong("workerPid") > 0
                && e.getDuration("runTime").toNanos() >= 0 && e.getDuration("queueTime").toNanos() >= 0), tasks.toString());
            assertEquals(lost, only(events, "io.jipc.WorkerLost", e -> true).getLong("pid"));
            RecordedEvent replaced = only(events, "io.jipc.WorkerReplaced", e -> true);
            assertTrue(replaced.getLong("pid") > 0 && replaced.getLong("pid") != lost, replaced.toString());
        } finally {
            Files.deleteIfExists(file);
        }
    }

    static int square(int n) {
        return n * n;
    }

    private static RecordedEvent only(List<RecordedEvent> events, String name, java.util.function.Predicate<RecordedEvent> which) {
        return events.stream().filter(e -> e.getEventType().getName().equals(name)).filter(which).findFirst()
            .orElseThrow(() -> new AssertionError("no " + name + " in " + events));
    }
}
