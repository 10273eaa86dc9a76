package io.jipc.benchmarks;

import java.nio.ByteOrder;

import org.agrona.DirectBuffer;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.UnsafeBuffer;

import io.jipc.Channel;
import io.jipc.ChannelClosedException;
import io.jipc.MessageHandler;
import io.jipc.PeerGoneException;

/**
 * The child side of a benchmark over any jipc {@link Channel}: echoes {@link BenchMessages#PING}, counts
 * {@link BenchMessages#DATA}, acknowledges {@link BenchMessages#END} — until the peer leaves. Zero-copy, no allocation.
 */
public final class ChannelResponder {

    private static final int POLL_LIMIT = 4096;

    private final Channel channel;
    private final IdleStrategy idle;
    private final UnsafeBuffer ack = new UnsafeBuffer(new byte[BenchMessages.LENGTH]);
    private final MessageHandler handler = this::onMessage;
    private long count;

    /**
     * @param channel to the driver
     * @param idle    how to wait for messages and for room
     */
    public ChannelResponder(Channel channel, IdleStrategy idle) {
        this.channel = channel;
        this.idle = idle;
        ack.putByte(BenchMessages.KIND_OFFSET, BenchMessages.END);
    }

    /** Answers until the peer closes, exits or dies, or the channel is closed. */
    public void serve() {
        try {
            while (true) {
                int handled = channel.poll(handler, POLL_LIMIT);
                if (handled > 0) {
                    idle.reset();
                } else {
                    idle.idle();
                }
            }
        } catch (PeerGoneException | ChannelClosedException e) {
            return;
        }
    }

    private void onMessage(DirectBuffer buffer, int offset, int length) {
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

    private void reply(DirectBuffer buffer, int offset, int length) {
        while (!channel.offer(buffer, offset, length)) {
            Thread.onSpinWait();
        }
    }
}
