package io.jipc.mq;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import io.jipc.process.ChildProcess;
import io.jipc.process.JvmProcess;
import org.junit.jupiter.api.extension.ExtendWith;
import io.jipc.testkit.NoLeaks;

/**
 * Chronicle's side of things: its analytics stay off whenever jipc opens a queue, a JVM without its options gets a
 * clear error, and Chronicle's own reader reads a queue jipc wrote.
 */
@Timeout(120)
@ExtendWith(NoLeaks.class)
class ChronicleToolsTest {

    @TempDir
    Path dir;

    /** The command JvmProcess would use, without the options matching {@code drop}. */
    private static List<String> commandWithout(Class<?> main, String dir, String... drop) {
        List<String> command = new ArrayList<>();
        for (String part : JvmProcess.builder(main).args(dir).command()) {
            boolean dropped = false;
            for (String d : drop) {
                dropped |= part.startsWith(d);
            }
            if (!dropped) {
                command.add(part);
            }
        }
        return command;
    }

    @Test
    void analyticsStayOffWheneverAQueueIsOpenedWithoutTheProperty() {
        List<String> command = commandWithout(SetupChild.class, dir.toString(), "-Dchronicle.analytics.disable");
        assertTrue(command.stream().noneMatch(part -> part.startsWith("-Dchronicle")), command.toString());
        try (ChildProcess child = ChildProcess.command(command).stderr(ChildProcess.Stderr.CAPTURE).start()) {
            assertTrue(child.join(Duration.ofSeconds(60)), "child did not finish");
            assertEquals(0, child.exitCode().getAsInt(), child.capturedStderr());
        }
    }

    @Test
    void aJvmWithoutChroniclesOptionsIsToldWhichToAdd() {
        List<String> command = commandWithout(SetupChild.class, dir.toString(), "--add-exports=java.base/sun.nio.ch",
            "--add-opens=java.base/java.lang.reflect");
        try (ChildProcess child = ChildProcess.command(command).stderr(ChildProcess.Stderr.CAPTURE).start()) {
            assertTrue(child.join(Duration.ofSeconds(60)), "child did not finish");
            String stderr = child.capturedStderr();
            assertEquals(3, child.exitCode().getAsInt(), stderr);
            assertTrue(stderr.contains("--add-exports=java.base/sun.nio.ch=ALL-UNNAMED")
                && stderr.contains("--add-opens=java.base/java.lang.reflect=ALL-UNNAMED")
                && stderr.contains("JvmOptions.required()"), stderr);
        }
    }

    @Test
    void chroniclesReaderReadsAQueueJipcWrote() {
        Path queue = dir.resolve("q");
        try (MessageQueue q = MessageQueue.open("mq:" + queue)) {
            q.append("hello-from-jipc".getBytes(UTF_8));
        }
        try (JvmProcess reader = JvmProcess.builder("net.openhft.chronicle.queue.ChronicleReaderMain")
            .args("-d", queue.toString()).stderr(ChildProcess.Stderr.CAPTURE).start()) {
            assertTrue(reader.join(Duration.ofSeconds(60)), "ChronicleReaderMain did not finish");
            String output = reader.capturedStderr();
            assertEquals(0, reader.exitCode().getAsInt(), output);
            assertTrue(output.contains("hello-from-jipc"), output);
        }
    }
}
