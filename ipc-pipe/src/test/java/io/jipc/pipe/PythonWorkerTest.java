package io.jipc.pipe;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import io.jipc.Channel;
import io.jipc.process.ChildProcess;
import org.junit.jupiter.api.extension.ExtendWith;
import io.jipc.testkit.NoLeaks;

/**
 * The worker of docs/PROTOCOL.md section 4, run exactly as printed, under {@link ChildProcess}: every round trip
 * works, and it exits 0 at every normal close (its end-of-stream arrives before the parent lets go of the pipe).
 */
@Timeout(120)
@ExtendWith(NoLeaks.class)
class PythonWorkerTest {

    @TempDir
    Path dir;
    private final List<ChildProcess> children = new ArrayList<>();

    @AfterEach
    void reap() {
        children.forEach(ChildProcess::kill);
        children.forEach(ChildProcess::close);
    }

    private ChildProcess start() throws Exception {
        ProtocolWorkers.assumePython();
        Path worker = ProtocolWorkers.write(dir, "## 4.");
        ChildProcess child = ChildProcess.command("python3", worker.toString()).stderr(ChildProcess.Stderr.CAPTURE).start();
        children.add(child);
        return child;
    }

    /** What the worker answers: the request with ASCII letters in upper case (Python's bytes.upper()). */
    private static byte[] upper(byte[] request) {
        byte[] reply = request.clone();
        for (int i = 0; i < reply.length; i++) {
            if (reply[i] >= 'a' && reply[i] <= 'z') {
                reply[i] -= 32;
            }
        }
        return reply;
    }

    @Test
    void everyRoundTripWorksAndTheWorkerExitsZeroAtTheClose() throws Exception {
        ChildProcess python = start();
        Channel channel = python.channel();
        assertEquals(python.pid(), channel.peer().pid().orElse(-1));
        Random random = new Random(8);
        for (int i = 0; i < 300; i++) {
            int size = i % 50 == 0 ? 0 : (int) Math.min(1 << 20, Math.round(Math.pow(2, random.nextDouble() * 20)));
            byte[] request = new byte[size];
            random.nextBytes(request);
            channel.send(request);
            assertArrayEquals(upper(request), channel.receive(Duration.ofSeconds(20)), "message " + i + " of " + size + " bytes");
        }
        assertTrue(channel.close(Duration.ofSeconds(20)), "the worker did not answer the close with its end-of-stream");
        assertTrue(python.join(Duration.ofSeconds(20)), "the worker did not exit");
        assertEquals(0, python.exitCode().getAsInt(), "worker stderr: " + python.capturedStderr());
    }

    @Test
    void closingTheProcessClosesTheChannelGracefully() throws Exception {
        for (int round = 0; round < 3; round++) {
            ChildProcess python = start();
            python.channel().send("hello".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            assertArrayEquals("HELLO".getBytes(java.nio.charset.StandardCharsets.US_ASCII),
                python.channel().receive(Duration.ofSeconds(20)));
            python.close();
            assertEquals(0, python.exitCode().getAsInt(), "round " + round + ", worker stderr: " + python.capturedStderr());
        }
    }
}
