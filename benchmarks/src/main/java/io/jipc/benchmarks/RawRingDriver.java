package io.jipc.benchmarks;

import java.nio.ByteOrder;
import java.util.concurrent.TimeUnit;

import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.MessageHandler;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * The parent side of the raw floor: what {@link ChannelDriver} does, on bare rings ({@link RawRings}). One thread.
 * Not final only for {@link Twin}.
 */
class RawRingDriver implements RoundTrip, Burst, MessageHandler {

    private static final long TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(30);

    private final RawRings rings;
    private final IdleStrategy idle;
    private final UnsafeBuffer ping = message(BenchMessages.PING);
    private final UnsafeBuffer data = message(BenchMessages.DATA);
    private final UnsafeBuffer end = message(BenchMessages.END);
    private long acknowledged;

    RawRingDriver(RawRings rings, IdleStrategy idle) {
        this.rings = rings;
        this.idle = idle;
    }

    @Override
    public void roundTrip() {
        write(ping);
        awaitReply();
    }

    @Override
    public void send(long messages) {
        for (long i = 0; i < messages; i++) {
            writeData();
        }
        endBurst(messages);
    }

    final void writeData() {
        write(data);
    }

    /** Sends the end of a burst of {@code messages} and waits for the responder's count of them. */
    final void endBurst(long messages) {
        write(end);
        awaitReply();
        if (acknowledged != messages) {
            throw new IllegalStateException("raw rings: the peer counted " + acknowledged + " of " + messages + " messages");
        }
    }

    /**
     * The same driver with its {@link #send} loop in a method of its own, which the JIT compiles apart: two copies of
     * one loop in one JVM, compiled apart, differed by 10-25% in throughput in some runs, the whole run long
     * (measured: see BENCHMARKS.md). The shm benchmark measures the raw rings against this twin to show how far a
     * throughput ratio moves when nothing but the compilation differs.
     */
    static final class Twin extends RawRingDriver {

        Twin(RawRings rings, IdleStrategy idle) {
            super(rings, idle);
        }

        @Override
        public void send(long messages) {
            for (long i = 0; i < messages; i++) {
                writeData();
            }
            endBurst(messages);
        }
    }

    private void write(UnsafeBuffer message) {
        if (rings.toChild.write(1, message, 0, BenchMessages.LENGTH)) {
            return;
        }
        idle.reset();
        long deadline = System.nanoTime() + TIMEOUT_NANOS;
        while (!rings.toChild.write(1, message, 0, BenchMessages.LENGTH)) {
            check(deadline);
            idle.idle();
        }
    }

    private void awaitReply() {
        if (rings.toParent.read(this, 1) > 0) {
            return;
        }
        idle.reset();
        long deadline = System.nanoTime() + TIMEOUT_NANOS;
        while (rings.toParent.read(this, 1) == 0) {
            check(deadline);
            idle.idle();
        }
    }

    private static void check(long deadline) {
        if (System.nanoTime() - deadline >= 0) {
            throw new IllegalStateException("raw rings: no progress within 30 s");
        }
    }

    @Override
    public void onMessage(int msgTypeId, MutableDirectBuffer buffer, int offset, int length) {
        if (buffer.getByte(offset + BenchMessages.KIND_OFFSET) == BenchMessages.END) {
            acknowledged = buffer.getLong(offset + BenchMessages.COUNT_OFFSET, ByteOrder.LITTLE_ENDIAN);
        }
    }

    private static UnsafeBuffer message(byte kind) {
        UnsafeBuffer buffer = new UnsafeBuffer(new byte[BenchMessages.LENGTH]);
        buffer.putByte(BenchMessages.KIND_OFFSET, kind);
        return buffer;
    }
}
