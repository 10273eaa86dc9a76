package io.jipc.benchmarks;

import java.nio.ByteOrder;
import java.time.Duration;

import org.agrona.concurrent.UnsafeBuffer;

import io.jipc.mq.From;
import io.jipc.mq.MessageQueue;
import io.jipc.mq.QueueMessage;
import io.jipc.mq.QueueReader;

/**
 * The parent side of the mq benchmark's queue measure: appends {@link BenchMessages} with {@link MessageQueue#append}
 * to a queue a {@link QueueResponder} child reads through a durable subscription (each message acknowledged), and
 * reads its count from a second queue. One thread.
 */
final class QueueDriver implements Burst, AutoCloseable {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final MessageQueue out;
    private final MessageQueue in;
    private final QueueReader<QueueMessage> replies;
    private final UnsafeBuffer data = message(BenchMessages.DATA);
    private final UnsafeBuffer end = message(BenchMessages.END);
    private final java.util.function.Consumer<QueueMessage> onReply = this::onReply;
    private long acknowledged;

    QueueDriver(String toChild, String toParent) {
        this.out = MessageQueue.open(toChild);
        this.in = MessageQueue.open(toParent);
        this.replies = in.replay(From.start());
    }

    @Override
    public void send(long messages) {
        for (long i = 0; i < messages; i++) {
            out.append(data, 0, BenchMessages.LENGTH);
        }
        out.append(end, 0, BenchMessages.LENGTH);
        replies.receive(onReply, 1, TIMEOUT);
        if (acknowledged != messages) {
            throw new IllegalStateException(out.endpoint() + ": the subscriber counted " + acknowledged + " of " + messages);
        }
    }

    private void onReply(QueueMessage reply) {
        acknowledged = reply.buffer().getLong(reply.offset() + BenchMessages.COUNT_OFFSET, ByteOrder.LITTLE_ENDIAN);
    }

    /** Tells the responder to exit. */
    void stop() {
        out.append(message(BenchMessages.STOP), 0, BenchMessages.LENGTH);
    }

    @Override
    public void close() {
        replies.close();
        in.close();
        out.close();
    }

    private static UnsafeBuffer message(byte kind) {
        UnsafeBuffer buffer = new UnsafeBuffer(new byte[BenchMessages.LENGTH]);
        buffer.putByte(BenchMessages.KIND_OFFSET, kind);
        return buffer;
    }
}
