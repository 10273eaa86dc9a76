package io.jipc.mq;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import io.jipc.process.JvmOptions;
import io.jipc.process.JvmProcess;
import org.junit.jupiter.api.extension.ExtendWith;
import io.jipc.testkit.NoLeaks;

/** With ipc-mq on the class path, child JVMs get Chronicle's options without anyone asking. */
@Timeout(120)
@ExtendWith(NoLeaks.class)
class ChronicleJvmOptionsTest {

    @Test
    void childJvmsGetChroniclesOptions() {
        assertTrue(JvmOptions.required().contains("--add-exports=java.base/sun.nio.ch=ALL-UNNAMED"), JvmOptions.required().toString());
        assertTrue(JvmOptions.required().contains("-Dchronicle.analytics.disable=true"));
        assertTrue(JvmOptions.required().contains("--add-exports=java.base/jdk.internal.misc=ALL-UNNAMED"), "and Agrona's");
    }

    @Test
    void aChildAppendsAndTailsAChronicleQueue(@TempDir Path dir) {
        try (JvmProcess child = JvmProcess.builder(ChronicleChild.class).args(dir.resolve("q").toString())
            .stderr(JvmProcess.Stderr.CAPTURE).start()) {
            assertTrue(child.join(Duration.ofSeconds(60)), "child did not finish");
            assertEquals(0, child.exitCode().getAsInt(), child.capturedStderr());
        }
    }
}
