package io.jipc.benchmarks;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;

import org.agrona.concurrent.IdleStrategy;

/**
 * Child JVM of the mq benchmark's raw floor: the {@link ChannelResponder} protocol over bare Chronicle queues
 * ({@link RawChronicle}). Arguments: directory, idle strategy. Exits on {@link BenchMessages#STOP}.
 */
public final class RawChronicleResponder {

    private RawChronicleResponder() {
    }

    public static void main(String[] args) {
        IdleStrategy idle = Idle.named(args[1]);
        byte[] message = new byte[BenchMessages.LENGTH];
        byte[] ack = new byte[BenchMessages.LENGTH];
        ack[BenchMessages.KIND_OFFSET] = BenchMessages.END;
        ByteBuffer ackView = ByteBuffer.wrap(ack).order(ByteOrder.LITTLE_ENDIAN);
        long count = 0;
        try (RawChronicle queues = RawChronicle.child(Path.of(args[0]))) {
            while (true) {
                if (!queues.read(message)) {
                    idle.idle();
                    continue;
                }
                idle.reset();
                byte kind = message[BenchMessages.KIND_OFFSET];
                if (kind == BenchMessages.DATA) {
                    count++;
                } else if (kind == BenchMessages.PING) {
                    queues.write(message);
                } else if (kind == BenchMessages.END) {
                    ackView.putLong(BenchMessages.COUNT_OFFSET, count);
                    count = 0;
                    queues.write(ack);
                } else if (kind == BenchMessages.STOP) {
                    return;
                } else {
                    throw new IllegalStateException("unknown benchmark message kind " + kind);
                }
            }
        }
    }
}
