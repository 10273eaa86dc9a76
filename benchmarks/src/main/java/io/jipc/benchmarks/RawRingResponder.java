package io.jipc.benchmarks;

import java.io.File;
import java.nio.ByteOrder;

import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.MessageHandler;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Child JVM of the shm benchmark's raw floor: the {@link ChannelResponder} protocol over bare rings
 * ({@link RawRings}). Arguments: file, ring capacity, idle strategy. Stops when the parent sets the stop flag.
 */
public final class RawRingResponder implements MessageHandler {

    private static final int POLL_LIMIT = 4096;

    private final RawRings rings;
    private final UnsafeBuffer ack = new UnsafeBuffer(new byte[BenchMessages.LENGTH]);
    private long count;

    private RawRingResponder(RawRings rings) {
        this.rings = rings;
        ack.putByte(BenchMessages.KIND_OFFSET, BenchMessages.END);
    }

    public static void main(String[] args) {
        try (RawRings rings = RawRings.open(new File(args[0]), Integer.parseInt(args[1]))) {
            new RawRingResponder(rings).serve(Idle.named(args[2]));
        }
    }

    private void serve(IdleStrategy idle) {
        while (rings.control.getLongVolatile(RawRings.STOP_OFFSET) == 0) {
            int handled = rings.toChild.read(this, POLL_LIMIT);
            if (handled > 0) {
                idle.reset();
            } else {
                idle.idle();
            }
        }
    }

    @Override
    public void onMessage(int msgTypeId, MutableDirectBuffer buffer, int offset, int length) {
        byte kind = buffer.getByte(offset + BenchMessages.KIND_OFFSET);
        if (kind == BenchMessages.DATA) {
            count++;
        } else if (kind == BenchMessages.PING) {
            reply(buffer, offset, length);
        } else if (kind == BenchMessages.END) {
            ack.putLong(BenchMessages.COUNT_OFFSET, count, ByteOrder.LITTLE_ENDIAN);
            count = 0;
            reply(ack, 0, BenchMessages.LENGTH);
        } else {
            throw new IllegalStateException("unknown benchmark message kind " + kind);
        }
    }

    private void reply(org.agrona.DirectBuffer buffer, int offset, int length) {
        while (!rings.toParent.write(1, buffer, offset, length)) {
            Thread.onSpinWait();
        }
    }
}
