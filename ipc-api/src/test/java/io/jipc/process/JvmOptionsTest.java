package io.jipc.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Paths;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

import io.jipc.Ipc;
import io.jipc.internal.CoreJvmOptions;
import io.jipc.testkit.NoLeaks;

/** A JVM started without the options jipc needs fails at the first jipc call, naming them and how to add them. */
@Timeout(60)
@ExtendWith(NoLeaks.class)
class JvmOptionsTest {

    @Test
    void whatThisJvmHasIsNotMissingAndWhatItLacksIs() {
        Module agrona = org.agrona.DirectBuffer.class.getModule();
        assertEquals(List.of(), JvmOptions.missing(agrona, List.of(CoreJvmOptions.AGRONA_EXPORT)), "surefire passes it");
        String lacking = "--add-exports=java.base/jdk.internal.vm=ALL-UNNAMED";
        String absentPackage = "--add-exports=java.base/no.such.pkg=ALL-UNNAMED";
        assertEquals(List.of(lacking), JvmOptions.missing(agrona, List.of(lacking, absentPackage, "-Dx=y")));
        assertTrue(JvmOptions.forApplications().contains(CoreJvmOptions.AGRONA_EXPORT));
        assertTrue(JvmOptions.forApplications().stream().noneMatch(o -> o.startsWith("-Xlog")), "child-only log options");
    }

    @Test
    void aPlainJavaCommandLineGetsTheOptionsNamedAtTheFirstCall() {
        String java = Paths.get(System.getProperty("java.home"), "bin", "java").toString();
        try (ChildProcess child = ChildProcess.command(java, "-cp", System.getProperty("java.class.path"),
                NoOptions.class.getName()).stderr(ChildProcess.Stderr.CAPTURE).start()) {
            assertTrue(child.join(Duration.ofSeconds(30)));
            String stderr = child.capturedStderr();
            assertNotEquals(0, child.exitCode().getAsInt(), stderr);
            assertTrue(stderr.contains("io.jipc.process.MissingJvmOptionsException: this JVM was started without "
                + CoreJvmOptions.AGRONA_EXPORT), stderr);
            assertTrue(stderr.contains("export JDK_JAVA_OPTIONS=\""), stderr);
            assertTrue(stderr.contains("Add-Exports: java.base/jdk.internal.misc"), stderr);
            assertTrue(stderr.contains("<argLine>"), stderr);
            assertTrue(!stderr.contains("IllegalAccessError"), stderr);
        }
    }

    /** Calls jipc from a JVM started with no options at all. */
    public static final class NoOptions {
        private NoOptions() {
        }

        public static void main(String[] args) {
            Ipc.connect("shm:/nowhere/at/all");
        }
    }
}
