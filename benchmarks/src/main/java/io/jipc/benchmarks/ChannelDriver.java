package io.jipc.benchmarks;

import java.nio.ByteOrder;
import java.time.Duration;

import org.agrona.DirectBuffer;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.UnsafeBuffer;

import io.jipc.Channel;
import io.jipc.IpcTimeoutException;
import io.jipc.MessageHandler;

/**
 * The parent side of a benchmark over any jipc {@link Channel} whose peer runs {@link ChannelResponder}: a
 * {@link RoundTrip} and a {@link Burst} on the hot path ({@code offer}/{@code poll}, zero-copy, no allocation).
 * Waits with the given idle strategy. One thread.
 */
public final class ChannelDriver implements RoundTrip, Burst {

    private static final long TIMEOUT_NANOS = Duration.ofSeconds(30).toNanos();

    private final Channel channel;
    private final IdleStrategy idle;
    private final UnsafeBuffer ping = message(BenchMessages.PING);
    private final UnsafeBuffer data = message(BenchMessages.DATA);
    private final UnsafeBuffer end = message(BenchMessages.END);
    private final MessageHandler onReply = this::onReply;
    private long acknowledged;

    /**
     * @param channel to a peer running {@link ChannelResponder}
     * @param idle    how to wait for room and for replies
     */
    public ChannelDriver(Channel channel, IdleStrategy idle) {
        this.channel = channel;
        this.idle = idle;
    }

    @Override
    public void roundTrip() {
        offer(ping);
        awaitReply();
    }

    @Override
    public void send(long messages) {
        for (long i = 0; i < messages; i++) {
            offer(data);
        }
        offer(end);
        awaitReply();
        if (acknowledged != messages) {
            throw new IllegalStateException(channel.endpoint() + ": the peer counted " + acknowledged + " of " + messages + " messages");
        }
    }

    private void offer(UnsafeBuffer message) {
        if (channel.offer(message, 0, BenchMessages.LENGTH)) {
            return;
        }
        idle.reset();
        long deadline = System.nanoTime() + TIMEOUT_NANOS;
        while (!channel.offer(message, 0, BenchMessages.LENGTH)) {
            checkDeadline(deadline, "room to send");
            idle.idle();
        }
    }

    private void awaitReply() {
        if (channel.poll(onReply, 1) > 0) {
            return;
        }
        idle.reset();
        long deadline = System.nanoTime() + TIMEOUT_NANOS;
        while (channel.poll(onReply, 1) == 0) {
            checkDeadline(deadline, "a reply");
            idle.idle();
        }
    }

    private void checkDeadline(long deadline, String what) {
        if (System.nanoTime() - deadline >= 0) {
            throw new IpcTimeoutException(channel.endpoint(), "no " + what + " within " + Duration.ofNanos(TIMEOUT_NANOS));
        }
    }

    private void onReply(DirectBuffer buffer, int offset, int length) {
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
