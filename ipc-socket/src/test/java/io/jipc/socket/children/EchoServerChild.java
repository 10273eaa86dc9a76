package io.jipc.socket.children;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

import io.jipc.Channel;
import io.jipc.ChannelServer;
import io.jipc.Ipc;
import io.jipc.IpcException;

/**
 * Binds {@code args[0]}, tells the parent its endpoint over {@code pipe:stdio}, then echoes for every client (one
 * thread each) until killed.
 */
public final class EchoServerChild {

    private EchoServerChild() {
    }

    public static void main(String[] args) {
        try (Channel parent = Ipc.connect("pipe:stdio");
             ChannelServer server = Ipc.bind(args[0])) {
            parent.send(server.endpoint().toString().getBytes(StandardCharsets.UTF_8));
            while (true) {
                Channel client = server.accept(Duration.ofHours(1));
                Thread echo = new Thread(() -> {
                    try (client) {
                        client.serve(message -> message);
                    } catch (IpcException e) {
                        System.err.println("client failed: " + e);
                    }
                }, "echo");
                echo.setDaemon(true);
                echo.start();
            }
        }
    }
}
