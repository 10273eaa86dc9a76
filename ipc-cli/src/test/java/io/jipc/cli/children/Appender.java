package io.jipc.cli.children;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.jipc.mq.MessageQueue;

/** {@code Appender <mq uri> <message>...}: appends the messages; a message "-" waits a second instead. */
public final class Appender {
    private Appender() {
    }

    public static void main(String[] args) throws InterruptedException {
        try (MessageQueue queue = MessageQueue.open(args[0])) {
            for (int i = 1; i < args.length; i++) {
                if (args[i].equals("-")) {
                    Thread.sleep(1000);
                } else {
                    queue.append(args[i].getBytes(UTF_8));
                }
            }
        }
    }
}
