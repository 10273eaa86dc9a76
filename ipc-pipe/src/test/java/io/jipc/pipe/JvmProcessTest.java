package io.jipc.pipe;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import io.jipc.Channel;
import io.jipc.EndpointException;
import io.jipc.Ipc;
import io.jipc.internal.ChildMain;
import io.jipc.pipe.children.DirectSleeper;
import io.jipc.spi.PipeTransport;
import io.jipc.spi.Transport;
import io.jipc.spi.Transports;
import io.jipc.pipe.children.MiddleParent;
import io.jipc.pipe.children.Sleeper;
import io.jipc.process.JvmOptions;
import io.jipc.process.JvmProcess;
import io.jipc.internal.ProcessIdentity;
import org.junit.jupiter.api.extension.ExtendWith;
import io.jipc.testkit.NoLeaks;

/** Child JVM lifecycle: daemons die with their parent, however it ends; exits are reaped and reported. */
@Timeout(60)
@ExtendWith(NoLeaks.class)
class JvmProcessTest {

    private final List<JvmProcess> children = new ArrayList<>();
    private final List<Long> grandchildren = new ArrayList<>();

    private JvmProcess track(JvmProcess child) {
        children.add(child);
        return child;
    }

    @AfterEach
    void reap() {
        for (long pid : grandchildren) {
            ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
        }
        for (JvmProcess child : children) {
            child.kill();
            child.close();
            assertFalse(child.isAlive(), child + " outlived its test");
        }
    }

    /** Starts a MiddleParent and returns its daemon (or not) child's handle. */
    private ProcessHandle grandchild(JvmProcess middle) {
        byte[] pid = middle.channel().receive(Duration.ofSeconds(20));
        long grandchildPid = Long.parseLong(new String(pid, StandardCharsets.US_ASCII));
        grandchildren.add(grandchildPid);
        Optional<ProcessHandle> handle = ProcessHandle.of(grandchildPid);
        assertTrue(handle.isPresent() && handle.get().isAlive(), "grandchild " + grandchildPid + " not running");
        return handle.get();
    }

    @Test
    void twoJvmsReadTheSameKernelStartTimeForOneProcess() {
        JvmProcess child = track(JvmProcess.builder(io.jipc.pipe.children.IdentityReporter.class)
            .args(Long.toString(ProcessHandle.current().pid())).start());
        java.nio.ByteBuffer report = java.nio.ByteBuffer.wrap(child.channel().receive(Duration.ofSeconds(20)));
        assertEquals(ProcessIdentity.of(child.pid()).token(), report.getLong(), "the child as it sees itself and as we see it");
        assertEquals(ProcessIdentity.current().token(), report.getLong(), "this process as the child sees it");
        assertTrue(ProcessIdentity.current().startTicks() > 0, "the kernel's start time is known on Linux");
    }

    @Test
    void daemonChildDiesWithinTwoSecondsOfItsParentsKill9() {
        JvmProcess middle = track(JvmProcess.builder(MiddleParent.class).start());
        ProcessHandle grandchild = grandchild(middle);
        middle.kill();
        assertTrue(middle.join(Duration.ofSeconds(5)));
        await().atMost(Duration.ofSeconds(2)).until(() -> exited(grandchild));
    }

    @Test
    void aDirectMainChildRunsWithoutChildMainAndStillDiesWithItsParent() {
        assertFalse(JvmProcess.builder(DirectSleeper.class).command().contains(ChildMain.class.getName()),
            "a DirectMain class is started directly");
        assertTrue(JvmProcess.builder(Sleeper.class).command().contains(ChildMain.class.getName()));
        JvmProcess middle = track(JvmProcess.builder(MiddleParent.class).args("daemon", "direct").start());
        ProcessHandle grandchild = grandchild(middle);
        assertTrue(grandchild.info().commandLine().orElse("").contains(DirectSleeper.class.getName()));
        middle.kill();
        assertTrue(middle.join(Duration.ofSeconds(5)));
        await().atMost(Duration.ofSeconds(2)).until(() -> exited(grandchild));
    }

    /** Exited: gone, or a zombie that the orphan's new parent (init, or the sandbox's) has not reaped yet. */
    private static boolean exited(ProcessHandle process) {
        return !process.isAlive() || ProcessIdentity.isZombie(process.pid());
    }

    @Test
    void daemonChildDiesWhenItsParentExitsNormally() {
        JvmProcess middle = track(JvmProcess.builder(MiddleParent.class).start());
        ProcessHandle grandchild = grandchild(middle);
        middle.channel().send("exit".getBytes(StandardCharsets.US_ASCII));
        assertTrue(middle.join(Duration.ofSeconds(10)));
        assertEquals(0, middle.exitCode().getAsInt());
        await().atMost(Duration.ofSeconds(2)).until(() -> exited(grandchild));
    }

    @Test
    void nonDaemonChildOutlivesItsParent() {
        JvmProcess middle = track(JvmProcess.builder(MiddleParent.class).args("non-daemon").start());
        ProcessHandle grandchild = grandchild(middle);
        middle.kill();
        assertTrue(middle.join(Duration.ofSeconds(5)));
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3)).until(grandchild::isAlive);
    }

    @Test
    void joinTimesOutWhileTheChildRunsThenReportsItsExitCode() {
        JvmProcess child = track(JvmProcess.builder(Sleeper.class).start());
        assertTrue(child.isAlive());
        assertFalse(child.join(Duration.ofMillis(200)));
        assertTrue(child.exitCode().isEmpty());
        child.kill();
        assertTrue(child.join(Duration.ofSeconds(5)));
        assertEquals(137, child.exitCode().getAsInt());
        assertEquals(137, child.onExit().join());
    }

    @Test
    void terminateKillsAChildThatIgnoresSigterm() {
        JvmProcess child = track(JvmProcess.builder(Sleeper.class).args("ignore-term").grace(Duration.ofMillis(500)).start());
        child.channel().receive(Duration.ofSeconds(20));
        child.terminate();
        assertTrue(child.join(Duration.ofSeconds(10)), "child survived terminate");
        assertEquals(137, child.exitCode().getAsInt(), "was killed after ignoring SIGTERM");
    }

    @Test
    void terminateStopsAnOrdinaryChildWithSigterm() {
        JvmProcess child = track(JvmProcess.builder(Sleeper.class).start());
        child.terminate();
        assertTrue(child.join(Duration.ofSeconds(10)));
        assertEquals(143, child.exitCode().getAsInt());
    }

    @Test
    void closeStopsAServingChildThroughEndOfStream() {
        JvmProcess child = track(JvmProcess.builder(io.jipc.testkit.EchoPeer.class).args("pipe:stdio").start());
        Channel channel = child.channel();
        channel.send(new byte[] {1});
        channel.receive(Duration.ofSeconds(10));
        child.close();
        assertFalse(child.isAlive());
        assertEquals(0, child.exitCode().getAsInt(), "served until end-of-stream, then returned");
    }

    @Test
    void childGetsItsEnvironmentDirectoryArgumentsAndOptions(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) {
        JvmProcess child = track(JvmProcess.builder(io.jipc.pipe.children.EnvReporter.class).env("JIPC_TEST", "v42")
            .directory(dir).args("a", "b c").jvmOptions("-Dx=y").start());
        String report = new String(child.channel().receive(Duration.ofSeconds(20)), StandardCharsets.UTF_8);
        assertEquals("v42|" + dir + "|a,b c|y", report);
        assertTrue(child.join(Duration.ofSeconds(10)));
        assertEquals(0, child.exitCode().getAsInt());
    }

    @Test
    void startManyStartsDistinctChildren() {
        List<JvmProcess> started = JvmProcess.builder(Sleeper.class).start(3);
        children.addAll(started);
        assertEquals(3, started.stream().mapToLong(JvmProcess::pid).distinct().count());
        assertThrows(IllegalArgumentException.class, () -> JvmProcess.builder(Sleeper.class).start(0));
    }

    @Test
    void childGetsTheJvmOptionsTheModulesNeed() {
        List<String> command = JvmProcess.builder(Sleeper.class).jvmOptions("-Xmx64m").command();
        assertTrue(command.containsAll(JvmOptions.required()), command.toString());
        assertTrue(command.contains("--add-exports=java.base/jdk.internal.misc=ALL-UNNAMED"), command.toString());
        assertTrue(command.contains("-Xmx64m"));
        if (Runtime.version().feature() >= 24) {
            assertTrue(command.contains("--sun-misc-unsafe-memory-access=allow"), command.toString());
        } else {
            assertFalse(command.contains("--sun-misc-unsafe-memory-access=allow"), command.toString());
        }
    }

    @Test
    void unknownSchemeListsTheTransportsOnTheClassPath() {
        EndpointException e = assertThrows(EndpointException.class, () -> Ipc.connect("carrier-pigeon:/roof"));
        assertTrue(e.getMessage().contains("unknown scheme 'carrier-pigeon'") && e.getMessage().contains("pipe"), e.getMessage());
    }

    @Test
    void aJipcModulesSchemeIsServedByThatModuleAndAnAbsentOneNamesItsModule() {
        Transport pipe = Transports.forScheme("pipe");
        assertTrue(pipe instanceof PipeTransportProvider, pipe.toString());
        assertSame(pipe, Transports.require("pipe", PipeTransport.class), "one instance per scheme");
        EndpointException e = assertThrows(EndpointException.class, () -> Ipc.connect("shm:/dev/shm/nobody/here"));
        assertTrue(e.getMessage().contains("unknown scheme 'shm'") && e.getMessage().contains("[pipe]")
            && e.getMessage().contains("io.jipc:ipc-shm"), e.getMessage());
    }

    @Test
    void unknownQueryParameterListsTheSupportedOnes() {
        EndpointException e = assertThrows(EndpointException.class, () -> Ipc.connect("pipe:stdio?speed=11"));
        assertTrue(e.getMessage().contains("unknown query parameter 'speed'")
            && e.getMessage().contains("maxMessage") && e.getMessage().contains("sendBuffer"), e.getMessage());
        EndpointException bad = assertThrows(EndpointException.class, () -> Ipc.connect("pipe:stdio?sendBuffer=1000"));
        assertTrue(bad.getMessage().contains("power of two"), bad.getMessage());
        EndpointException notStdio = assertThrows(EndpointException.class, () -> Ipc.connect("pipe:/tmp/x"));
        assertTrue(notStdio.getMessage().contains("pipe:stdio"), notStdio.getMessage());
    }
}
