package io.jipc.mq;

import java.util.concurrent.locks.LockSupport;

import org.agrona.concurrent.UnsafeBuffer;

/**
 * The queue tests' child JVMs, one role per first argument:
 * <ul>
 *   <li>{@code produce <uri> <producer> <count>}: appends {@code count} {@link Record}s, then exits; says on stderr
 *       when it opened the queue and how many it appended;</li>
 *   <li>{@code subscribe <uri> <name> <results-uri> <batch> <pauseMicros>}: reads the subscription and, for each
 *       message, appends a DONE record to the results queue before acknowledging (batch 1: per message), forever;</li>
 *   <li>{@code member <uri> <group> <results-uri> <member> <millis>}: a group member that records START, works
 *       {@code millis}, records DONE, forever;</li>
 *   <li>{@code fill <uri> <size>}: appends messages of {@code size} bytes filled from their sequence number, forever.</li>
 * </ul>
 */
public final class QueueChild {

    private QueueChild() {
    }

    public static void main(String[] args) {
        switch (args[0]) {
            case "produce" -> produce(args[1], Integer.parseInt(args[2]), Integer.parseInt(args[3]));
            case "subscribe" -> subscribe(args[1], args[2], args[3], Integer.parseInt(args[4]), Long.parseLong(args[5]));
            case "member" -> member(args[1], args[2], args[3], Integer.parseInt(args[4]), Long.parseLong(args[5]));
            case "fill" -> fill(args[1], Integer.parseInt(args[2]));
            default -> throw new IllegalArgumentException(args[0]);
        }
    }

    private static void produce(String uri, int producer, int count) {
        UnsafeBuffer message = new UnsafeBuffer(new byte[Record.LENGTH]);
        int seq = 0;
        try (MessageQueue q = MessageQueue.open(uri)) {
            System.err.println("producer " + producer + ": opened " + uri);
            for (; seq < count; seq++) {
                Record.write(message, Record.DATA, 0, producer, seq);
                q.append(message, 0, Record.LENGTH);
            }
        } finally {
            // for the parent's failure report; a producer killed with -9 says nothing, and the report says so
            System.err.println("producer " + producer + ": appended " + seq + " of " + count);
        }
    }

    private static void subscribe(String uri, String name, String resultsUri, int batch, long pauseMicros) {
        UnsafeBuffer result = new UnsafeBuffer(new byte[Record.LENGTH]);
        try (MessageQueue q = MessageQueue.open(uri);
             MessageQueue results = MessageQueue.open(resultsUri);
             Subscription<QueueMessage> s = q.subscribe(name)) {
            while (true) {
                java.util.function.Consumer<QueueMessage> handler = m -> {
                    Record.write(result, Record.DONE, 0, Record.producer(m.buffer(), 0), Record.seq(m.buffer(), 0));
                    results.append(result, 0, Record.LENGTH);
                    if (pauseMicros > 0) {
                        LockSupport.parkNanos(pauseMicros * 1000);
                    }
                };
                int n = batch == 1 ? s.poll(handler, 100) : s.pollBatch(handler, batch);
                if (n == 0) {
                    LockSupport.parkNanos(100_000);
                }
            }
        }
    }

    private static void member(String uri, String group, String resultsUri, int member, long millis) {
        UnsafeBuffer result = new UnsafeBuffer(new byte[Record.LENGTH]);
        try (MessageQueue q = MessageQueue.open(uri);
             MessageQueue results = MessageQueue.open(resultsUri);
             Subscription<QueueMessage> s = q.subscribeShared(group)) {
            while (true) {
                int n = s.poll(m -> {
                    int producer = Record.producer(m.buffer(), 0);
                    long seq = Record.seq(m.buffer(), 0);
                    Record.write(result, Record.START, member, producer, seq);
                    results.append(result, 0, Record.LENGTH);
                    LockSupport.parkNanos(millis * 1_000_000);
                    Record.write(result, Record.DONE, member, producer, seq);
                    results.append(result, 0, Record.LENGTH);
                }, 1);
                if (n == 0) {
                    LockSupport.parkNanos(200_000);
                }
            }
        }
    }

    private static void fill(String uri, int size) {
        UnsafeBuffer message = new UnsafeBuffer(new byte[size]);
        try (MessageQueue q = MessageQueue.open(uri)) {
            for (long seq = 0; ; seq++) {
                Record.fill(message, size, seq);
                q.append(message, 0, size);
            }
        }
    }
}
