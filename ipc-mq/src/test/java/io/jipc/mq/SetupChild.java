package io.jipc.mq;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;

import io.jipc.Channel;
import io.jipc.ChannelServer;
import io.jipc.Ipc;

/**
 * Opens a queue every way there is ({@link MessageQueue#open}, {@code Ipc.bind}, {@code Ipc.connect}) in a JVM
 * started without {@code -Dchronicle.analytics.disable}, and exits 0 only if Chronicle's analytics stayed off after
 * each: the property reads true and no analytics thread runs. Exit 3 with the message on stderr when opening fails
 * (a JVM without Chronicle's options). Argument: a directory.
 */
public final class SetupChild {

    private SetupChild() {
    }

    public static void main(String[] args) {
        try {
            try (MessageQueue q = MessageQueue.open("mq:" + args[0] + "/queue")) {
                q.append(new byte[] {1});
                check("MessageQueue.open");
            }
            try (ChannelServer server = Ipc.bind("mq:" + args[0] + "/channel")) {
                CompletableFuture<Channel> connecting = CompletableFuture.supplyAsync(
                    () -> Ipc.connect("mq:" + args[0] + "/channel", Duration.ofSeconds(30)));
                try (Channel master = server.accept(Duration.ofSeconds(30));
                     Channel worker = connecting.join()) {
                    check("Ipc.bind and Ipc.connect");
                    worker.send(new byte[] {2});
                    master.receive(Duration.ofSeconds(10));
                }
            }
        } catch (QueueException e) {
            System.err.println("FAILED: " + e.getMessage());
            Runtime.getRuntime().halt(3);
        }
    }

    private static void check(String how) {
        if (!"true".equals(System.getProperty(ChronicleSetup.ANALYTICS_PROPERTY))) {
            throw new AssertionError("after " + how + " chronicle.analytics.disable is " + System.getProperty(ChronicleSetup.ANALYTICS_PROPERTY));
        }
        Thread.getAllStackTraces().keySet().forEach(t -> {
            if (t.getName().toLowerCase(java.util.Locale.ROOT).contains("analytics")) {
                throw new AssertionError("after " + how + " an analytics thread runs: " + t.getName());
            }
        });
    }
}
