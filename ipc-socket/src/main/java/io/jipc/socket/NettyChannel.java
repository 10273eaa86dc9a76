package io.jipc.socket;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.agrona.DirectBuffer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.jipc.ChannelClosedException;
import io.jipc.FrameTooLargeException;
import io.jipc.IpcException;
import io.jipc.MessageHandler;
import io.jipc.PeerGoneException;
import io.jipc.PeerInfo;
import io.jipc.spi.AbstractChannel;
import io.jipc.spi.Deadlines;
import io.jipc.internal.jfr.Jfr;

/**
 * A jipc channel over one socket connection (TCP or Unix), on a Netty channel. Receiving: the event loop cuts the
 * stream into frames ({@link FrameDecoder}) and queues them a read at a time ({@link Inbox}); {@link #poll} hands
 * them out in place. Sending: {@link Outbox} coalesces, and writes lone messages on the caller's thread. Blocking
 * calls wait as the pipe's do: yield, then park ({@link AbstractChannel#defaultIdleStrategy()}). {@link #onReady}
 * lets the event loop wake {@code Ipc.wait}.
 */
final class NettyChannel extends AbstractChannel {

    private static final Logger LOG = LoggerFactory.getLogger(NettyChannel.class);

    private final io.netty.channel.Channel channel;
    private final Inbox inbox;
    private final Outbox outbox;
    private final PeerInfo peer;
    private final int peerMaxFrame;
    private final Duration linger;
    private final EventLoops.Lease lease;
    /** Taken once: by the accepting thread, or by the server giving up an unaccepted channel. */
    final AtomicBoolean claimed = new AtomicBoolean();
    /** The server's watch on this channel until it is accepted. */
    volatile Registration acceptWatch;
    private volatile boolean closed;

    NettyChannel(SocketConfig config, io.netty.channel.Channel channel, Inbox inbox, Outbox outbox, PeerInfo peer,
                 int peerMaxFrame, EventLoops.Lease lease) {
        super(config.endpoint, config.idle.get(), config.idle.get());
        this.channel = channel;
        this.inbox = inbox;
        this.outbox = outbox;
        this.peer = peer;
        this.peerMaxFrame = peerMaxFrame;
        this.linger = config.linger;
        this.lease = lease;
    }

    @Override
    public PeerInfo peer() {
        return peer;
    }

    @Override
    public int maxMessageLength() {
        return peerMaxFrame;
    }

    @Override
    protected Duration lingerOnClose() {
        return linger;
    }

    @Override
    public boolean offer(DirectBuffer buffer, int offset, int length) {
        if (closed) {
            throw closedException();
        }
        if (length < 0 || length > peerMaxFrame) {
            throw new FrameTooLargeException(endpoint, "message of " + length + " bytes exceeds the maximum of "
                + peerMaxFrame + " bytes that the peer accepts (the peer sets it with ?maxMessage=)");
        }
        Throwable failed = outbox.failure();
        if (failed != null || !channel.isActive() || inbox.ended() != null) {
            throw peerGone(failed);
        }
        return outbox.offer(buffer, offset, length);
    }

    private PeerGoneException peerGone(Throwable failed) {
        if (inbox.peerClosed()) {
            return new PeerGoneException(endpoint, "the peer closed the channel; it reads no more messages");
        }
        Inbox.End end = inbox.ended();
        String why = end != null && end.failure() != null ? end.failure().getMessage()
            : "the connection is closed" + (failed != null ? " (" + failed.getMessage() + ")" : "");
        return new PeerGoneException(endpoint, "cannot send: " + why, failed);
    }

    @Override
    public int poll(MessageHandler handler, int limit) {
        if (closed) {
            throw closedException();
        }
        try {
            return inbox.drain(handler, limit);
        } catch (IpcException e) {
            if (!(e instanceof PeerGoneException)) {
                close(Duration.ZERO); // a protocol error: the stream cannot be resynchronised
            }
            throw e;
        }
    }

    @Override
    public boolean isReady() {
        return closed || inbox.isReady();
    }

    @Override
    public Registration onReady(Runnable wakeUp) {
        return inbox.onReadyFromEventLoop(wakeUp);
    }

    @Override
    public boolean isOpen() {
        return !closed;
    }

    private ChannelClosedException closedException() {
        return new ChannelClosedException(endpoint, "channel is closed");
    }

    /**
     * Sends what was accepted and then end-of-stream, waits (up to {@code linger}) until it is written and the peer
     * answered with its own end-of-stream or went away, then closes the socket. What the peer sends meanwhile is
     * discarded.
     */
    @Override
    public boolean close(Duration linger) {
        synchronized (this) {
            if (closed) {
                return false;
            }
            closed = true;
        }
        long deadline = Deadlines.of(linger);
        inbox.toEventLoopForClose(deadline);
        inbox.dispose();
        boolean delivered = false;
        boolean answered = false;
        try {
            if (channel.isActive() && outbox.failure() == null) {
                outbox.offerEnd();
                delivered = outbox.awaitDrained(deadline);
                answered = delivered && awaitPeerEnd(deadline);
            } else {
                answered = delivered = inbox.peerClosed();
            }
            if (!delivered && !linger.isZero()) {
                LOG.debug("{}: the peer did not take the last messages within {} of close", endpoint, linger);
            }
        } finally {
            channel.close().awaitUninterruptibly(1, TimeUnit.SECONDS);
            outbox.dispose();
            lease.release();
        }
        Jfr.channelClosed(endpoint, peer(), delivered && answered);
        return delivered && answered;
    }

    private boolean awaitPeerEnd(long deadline) {
        long park = 10_000;
        while (inbox.ended() == null) {
            if (Deadlines.passed(deadline) || Thread.currentThread().isInterrupted()) {
                return false;
            }
            java.util.concurrent.locks.LockSupport.parkNanos(park);
            park = Math.min(park * 2, 1_000_000);
        }
        return true;
    }

    /** @return true when the peer is gone and left no message to read (for a server's unaccepted channels) */
    boolean goneWithoutMessages() {
        return inbox.ended() != null && !inbox.hasQueued();
    }

    /** Closes at once without waiting for anything: a server giving up a channel nobody accepted. */
    void abandon() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        inbox.dispose();
        channel.close();
        outbox.dispose();
        lease.release();
    }

    @Override
    public String toString() {
        return "NettyChannel[" + endpoint + ", " + peer + "]";
    }
}
