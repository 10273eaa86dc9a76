package io.jipc.socket.children;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;

import io.jipc.Channel;
import io.jipc.HandshakeException;
import io.jipc.IpcException;
import io.jipc.Ipc;

/**
 * Connects to {@code args[0]} (the key, if any, from {@code JIPC_AUTH_KEY}), sends one message, checks its echo and
 * closes. Exit codes: 0 echoed, 3 handshake refused (the reason on stderr), 4 any other jipc failure.
 */
public final class TestClient {

    private TestClient() {
    }

    public static void main(String[] args) {
        byte[] hello = "hello from a client".getBytes(StandardCharsets.UTF_8);
        try (Channel server = Ipc.connect(args[0], Duration.ofSeconds(20))) {
            server.send(hello);
            byte[] echo = server.receive(Duration.ofSeconds(20));
            if (!Arrays.equals(hello, echo)) {
                System.err.println("wrong echo: " + new String(echo, StandardCharsets.UTF_8));
                System.exit(5);
            }
            System.err.println("echoed by " + server.peer());
        } catch (HandshakeException e) {
            System.err.println("REFUSED " + e.getMessage());
            System.exit(3);
        } catch (IpcException e) {
            System.err.println("FAILED " + e);
            System.exit(4);
        }
    }
}
