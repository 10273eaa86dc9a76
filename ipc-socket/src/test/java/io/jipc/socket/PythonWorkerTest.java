package io.jipc.socket;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import io.jipc.Channel;
import io.jipc.ChannelServer;
import io.jipc.Ipc;
import io.jipc.IpcOptions;
import io.jipc.process.ChildProcess;
import org.junit.jupiter.api.extension.ExtendWith;
import io.jipc.testkit.NoLeaks;

/**
 * The Python worker of docs/PROTOCOL.md (standard library only) connects over TCP with the key from its environment,
 * answers, and closes gracefully when the master does. Runs where python3 is installed.
 */
@Timeout(60)
@ExtendWith(NoLeaks.class)
class PythonWorkerTest {

    @Test
    void aPythonWorkerConnectsWithTheKeyAndAnswers() throws Exception {
        assumeTrue(python3(), "python3 is not installed");
        byte[] key = "python shares this key".getBytes(StandardCharsets.UTF_8);
        try (TempDir dir = new TempDir();
             ChannelServer server = Ipc.bind("tcp://127.0.0.1:0", IpcOptions.authKey(key))) {
            Path script = dir.path().resolve("worker.py");
            try (InputStream in = PythonWorkerTest.class.getResourceAsStream("/jipc_tcp_worker.py")) {
                Files.copy(in, script);
            }
            assertTrue(Files.readString(Paths.get("../docs/PROTOCOL.md")).contains(Files.readString(script).strip()),
                "docs/PROTOCOL.md shows this very worker");
            String port = server.endpoint().address().replaceAll(".*:", "");
            try (ChildProcess worker = ChildProcess.command("python3", script.toString(), "127.0.0.1", port)
                     .env(IpcOptions.AUTH_KEY_ENVIRONMENT, IpcOptions.environmentValue(key))
                     .stderr(ChildProcess.Stderr.CAPTURE).start();
                 Channel channel = server.accept(Duration.ofSeconds(20))) {
                assertTrue(channel.peer().authenticated());
                for (String word : new String[] {"hello", "", "jipc and python"}) {
                    channel.send(word.getBytes(StandardCharsets.UTF_8));
                    assertArrayEquals(word.toUpperCase().getBytes(StandardCharsets.UTF_8), channel.receive(Duration.ofSeconds(10)));
                }
                assertTrue(channel.close(Duration.ofSeconds(10)), "the worker answers the close with its end of stream");
                assertTrue(worker.join(Duration.ofSeconds(10)));
                assertEquals(0, worker.exitCode().getAsInt(), worker.capturedStderr());
            }
        }
    }

    private static boolean python3() {
        try {
            Process p = new ProcessBuilder("python3", "--version").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor() == 0;
        } catch (Exception e) {
            return false;
        }
    }
}
