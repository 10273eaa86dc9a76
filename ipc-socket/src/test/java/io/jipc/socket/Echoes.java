package io.jipc.socket;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.jipc.Channel;
import io.jipc.ChannelClosedException;
import io.jipc.ChannelServer;
import io.jipc.IpcException;
import io.jipc.IpcTimeoutException;

/** Accepts every client of a server on a background thread and echoes for each on its own thread, until closed. */
final class Echoes implements AutoCloseable {

    private final ChannelServer server;
    private final Thread acceptor;
    final List<Channel> channels = new CopyOnWriteArrayList<>();
    final List<Throwable> failures = new CopyOnWriteArrayList<>();

    Echoes(ChannelServer server) {
        this.server = server;
        this.acceptor = new Thread(this::acceptAll, "test-acceptor");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    private void acceptAll() {
        while (true) {
            Channel channel;
            try {
                channel = server.accept(Duration.ofSeconds(1));
            } catch (IpcTimeoutException e) {
                continue;
            } catch (ChannelClosedException e) {
                return;
            }
            channels.add(channel);
            Thread echo = new Thread(() -> {
                try {
                    channel.serve(message -> message);
                } catch (IpcException e) {
                    failures.add(e);
                }
            }, "test-echo");
            echo.setDaemon(true);
            echo.start();
        }
    }

    @Override
    public void close() {
        server.close();
        try {
            acceptor.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (Channel channel : channels) {
            channel.close(Duration.ZERO);
        }
    }
}
