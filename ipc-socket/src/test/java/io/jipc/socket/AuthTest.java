package io.jipc.socket;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import io.jipc.ChannelServer;
import io.jipc.HandshakeException;
import io.jipc.Ipc;
import io.jipc.IpcOptions;
import io.jipc.process.ChildProcess;
import io.jipc.process.JvmProcess;
import io.jipc.socket.children.TestClient;
import org.junit.jupiter.api.extension.ExtendWith;
import io.jipc.testkit.NoLeaks;

/**
 * The shared-key handshake with clients in child JVMs, the key passed in their environment: the right key is served
 * and both sides know it; a wrong or missing key is refused before any message is read, and the server serves on.
 */
@Timeout(120)
@ExtendWith(NoLeaks.class)
class AuthTest {

    private static final byte[] KEY = "a shared secret for this test".getBytes(java.nio.charset.StandardCharsets.UTF_8);

    @Test
    void theRightKeyIsServedAWrongOrMissingOneIsRefused() throws Exception {
        try (ChannelServer server = Ipc.bind("tcp://127.0.0.1:0", IpcOptions.authKey(KEY));
             Echoes echoes = new Echoes(server)) {
            String uri = server.endpoint().toString();
            assertEquals(0, run(JvmProcess.builder(TestClient.class).args(uri)
                .env(IpcOptions.AUTH_KEY_ENVIRONMENT, IpcOptions.environmentValue(KEY))), "the right key");
            await().atMost(Duration.ofSeconds(10)).until(() -> !echoes.channels.isEmpty());
            assertTrue(echoes.channels.get(0).peer().authenticated(), String.valueOf(echoes.channels.get(0).peer()));

            ChildProcess wrong = start(JvmProcess.builder(TestClient.class).args(uri)
                .env(IpcOptions.AUTH_KEY_ENVIRONMENT, "not the key"));
            assertEquals(3, exit(wrong), "a wrong key is refused");
            assertTrue(wrong.capturedStderr().contains("wrong key"), wrong.capturedStderr());

            ChildProcess missing = start(JvmProcess.builder(TestClient.class).args(uri)
                .env(IpcOptions.AUTH_KEY_ENVIRONMENT, ""));
            assertEquals(3, exit(missing), "no key is refused");
            assertTrue(missing.capturedStderr().contains("requires an authentication key"), missing.capturedStderr());

            assertEquals(0, run(JvmProcess.builder(TestClient.class).args(uri)
                .env(IpcOptions.AUTH_KEY_ENVIRONMENT, IpcOptions.environmentValue(KEY))), "served after the refusals");
            assertEquals(2, echoes.channels.size(), "refused clients never reach accept");
        }
    }

    @Test
    void aClientWithAKeyRefusesAServerThatCannotProveIt() {
        try (ChannelServer server = Ipc.bind("tcp://127.0.0.1:0")) {
            HandshakeException e = org.junit.jupiter.api.Assertions.assertThrows(HandshakeException.class,
                () -> Ipc.connect(server.endpoint().toString(), IpcOptions.authKey(KEY)));
            assertTrue(e.getMessage().contains("does not authenticate"), e.getMessage());
        }
    }

    @Test
    void aKeyedUnixServerRefusesAClientWithAnotherKey() {
        try (TempDir dir = new TempDir();
             ChannelServer server = Ipc.bind("unix:" + dir.path().resolve("k.sock"), IpcOptions.authKey(KEY))) {
            HandshakeException e = org.junit.jupiter.api.Assertions.assertThrows(HandshakeException.class,
                () -> Ipc.connect(server.endpoint().toString(), IpcOptions.authKey(new byte[] {1})));
            assertTrue(e.getMessage().contains("wrong key"), e.getMessage());
        }
    }

    private static ChildProcess start(JvmProcess.Builder builder) {
        return builder.stderr(ChildProcess.Stderr.CAPTURE).start();
    }

    private static int run(JvmProcess.Builder builder) {
        return exit(start(builder));
    }

    private static int exit(ChildProcess child) {
        try (child) {
            assertTrue(child.join(Duration.ofSeconds(60)), "client did not finish");
            return child.exitCode().getAsInt();
        }
    }
}
