package io.jipc.benchmarks;

import java.nio.ByteOrder;

import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.UnsafeBuffer;

import io.jipc.mq.MessageQueue;
import io.jipc.mq.QueueMessage;
import io.jipc.mq.Subscription;

/**
 * Child JVM of the mq benchmark's queue measure: reads the parent's queue through the durable subscription
 * "bench" (each message acknowledged as its handler returns), counts {@link BenchMessages#DATA}, answers
 * {@link BenchMessages#END} with the count on the second queue; exits on {@link BenchMessages#STOP}.
 * Arguments: queue to read, queue to answer on, idle strategy.
 */
public final class QueueResponder {

    private static final int POLL_LIMIT = 4096;

    private long count;
    private boolean stopped;

    private QueueResponder() {
    }

    public static void main(String[] args) {
        new QueueResponder().serve(args[0], args[1], Idle.named(args[2]));
    }

    private void serve(String fromParent, String toParent, IdleStrategy idle) {
        UnsafeBuffer ack = new UnsafeBuffer(new byte[BenchMessages.LENGTH]);
        ack.putByte(BenchMessages.KIND_OFFSET, BenchMessages.END);
        try (MessageQueue in = MessageQueue.open(fromParent);
             MessageQueue out = MessageQueue.open(toParent);
             Subscription<QueueMessage> subscription = in.subscribe("bench")) {
            java.util.function.Consumer<QueueMessage> handler = m -> {
                byte kind = m.buffer().getByte(m.offset() + BenchMessages.KIND_OFFSET);
                if (kind == BenchMessages.DATA) {
                    count++;
                } else if (kind == BenchMessages.END) {
                    ack.putLong(BenchMessages.COUNT_OFFSET, count, ByteOrder.LITTLE_ENDIAN);
                    count = 0;
                    out.append(ack, 0, BenchMessages.LENGTH);
                } else if (kind == BenchMessages.STOP) {
                    stopped = true;
                }
            };
            while (!stopped) {
                if (subscription.poll(handler, POLL_LIMIT) > 0) {
                    idle.reset();
                } else {
                    idle.idle();
                }
            }
        }
    }
}
