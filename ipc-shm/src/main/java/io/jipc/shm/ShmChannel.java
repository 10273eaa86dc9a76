package io.jipc.shm;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Duration;
import java.util.concurrent.locks.LockSupport;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.ringbuffer.OneToOneRingBuffer;

import io.jipc.ChannelClosedException;
import io.jipc.Endpoint;
import io.jipc.FrameTooLargeException;
import io.jipc.IpcException;
import io.jipc.MessageHandler;
import io.jipc.PeerGoneException;
import io.jipc.PeerInfo;
import io.jipc.internal.ProcessWatch;
import io.jipc.spi.AbstractChannel;
import io.jipc.spi.Deadlines;

/**
 * A duplex channel over one shared-memory file holding two single-producer single-consumer rings
 * ({@link ChannelDescriptor}). {@link #offer} writes one ring record, {@link #poll} reads records in place: no
 * system call, no copy beyond the ring, no allocation.
 * <p>
 * The peer is gone when its side of the file says closed, or when its process (pid and start time) no longer
 * runs; either way every message it wrote is delivered first. Threads: one sender and one receiver at a time;
 * {@link #close()} from any thread: the mapping is released once no {@link #offer} or {@link #poll} is in flight (a
 * handler that is still running keeps it), so a call racing a close fails with {@link ChannelClosedException} and
 * never touches released memory.
 */
final class ShmChannel extends AbstractChannel {

    /**
     * The peer's process is looked at (itself rate-limited by {@link ProcessWatch}) on one empty poll or full offer in
     * this many: reading the clock on every one would slow a spinning caller. With the default idle strategy, a
     * dead peer is still noticed within about 100 ms.
     */
    private static final int LIVENESS_MASK = 15;

    private final MappedFile file;
    private final UnsafeBuffer shared;
    private final OneToOneRingBuffer sendRing;
    private final OneToOneRingBuffer receiveRing;
    private final int ownStateOffset;
    private final int peerStateOffset;
    private final ProcessWatch peer;
    private final PeerInfo peerInfo;
    private final Duration linger;
    private final Dispatcher dispatcher = new Dispatcher();
    private final int maxMessage;
    private int emptyPolls;
    private int fullOffers;
    private volatile boolean closed;
    /**
     * One "inside a call" flag for the sending side and one for the receiving side (one thread each at a time), far
     * enough apart in one array not to share a cache line: a volatile store to enter, a release store to leave.
     */
    private final int[] inside = new int[3 * FLAG_STRIDE];

    /**
     * @param endpoint names the channel in errors
     * @param file     the mapped channel file, already checked, with both sides open
     * @param isClient which side this process is
     * @param peer     watches the other side's process
     * @param linger   how long {@link #close()} waits for the peer to read what was sent and close its side
     */
    ShmChannel(Endpoint endpoint, MappedFile file, boolean isClient, ProcessWatch peer, IdleStrategy sendIdle,
        IdleStrategy receiveIdle, Duration linger) {
        super(endpoint, sendIdle, receiveIdle);
        this.linger = linger;
        this.peerInfo = PeerInfo.process(peer.peer().pid());
        this.file = file;
        this.shared = file.buffer();
        int capacity = ChannelDescriptor.capacity(shared, file.path());
        int ringLength = ChannelDescriptor.ringLength(capacity);
        this.sendRing = new OneToOneRingBuffer(new UnsafeBuffer(shared, ChannelDescriptor.ringOffset(isClient, capacity), ringLength));
        this.receiveRing = new OneToOneRingBuffer(new UnsafeBuffer(shared, ChannelDescriptor.ringOffset(!isClient, capacity), ringLength));
        int own = isClient ? ChannelDescriptor.CLIENT_SIDE_OFFSET : ChannelDescriptor.SERVER_SIDE_OFFSET;
        int other = isClient ? ChannelDescriptor.SERVER_SIDE_OFFSET : ChannelDescriptor.CLIENT_SIDE_OFFSET;
        this.ownStateOffset = own + ChannelDescriptor.SIDE_STATE_OFFSET;
        this.peerStateOffset = other + ChannelDescriptor.SIDE_STATE_OFFSET;
        this.peer = peer;
        this.maxMessage = sendRing.maxMsgLength();
    }

    private static final VarHandle FLAGS = MethodHandles.arrayElementVarHandle(int[].class);
    private static final int FLAG_STRIDE = 32;
    private static final int SENDING = FLAG_STRIDE;
    private static final int RECEIVING = 2 * FLAG_STRIDE;

    @Override
    public int maxMessageLength() {
        return maxMessage;
    }

    @Override
    public PeerInfo peer() {
        return peerInfo;
    }

    @Override
    protected Duration lingerOnClose() {
        return linger;
    }

    @Override
    public boolean offer(DirectBuffer buffer, int offset, int length) {
        enter(SENDING);
        try {
            if (length < 0 || length > maxMessage || shared.getIntVolatile(peerStateOffset) == ChannelDescriptor.STATE_CLOSED) {
                throw refusal(length);
            }
            return sendRing.write(ChannelDescriptor.MESSAGE_MSG_TYPE, buffer, offset, length) || backPressured();
        } finally {
            FLAGS.setRelease(inside, SENDING, 0);
        }
    }

    /**
     * Marks a call inside (a volatile store: it is visible before we read {@code closed}), then refuses it if
     * closed. {@link #close()} marks closed before it reads the flags, so either the call sees closed here or close
     * sees the call and keeps the mapping until the call has left.
     */
    private void enter(int side) {
        FLAGS.setVolatile(inside, side, 1);
        if (closed) {
            FLAGS.setRelease(inside, side, 0);
            throw closedException();
        }
    }

    /** The cold half of {@link #offer}, kept apart so the hot half stays small enough to inline. */
    private IpcException refusal(int length) {
        if (length < 0 || length > maxMessage) {
            return new FrameTooLargeException(endpoint, "message of " + length + " bytes exceeds the maximum of " + maxMessage
                + " bytes (an eighth of the ring capacity; raise it with ?capacity=)");
        }
        return new PeerGoneException(endpoint, "the peer closed the channel");
    }

    /** @return false, after checking now and then that a full ring is not a dead peer's */
    private boolean backPressured() {
        if ((++fullOffers & LIVENESS_MASK) == 0) {
            String gone = peer.goneReason();
            if (gone != null) {
                throw new PeerGoneException(endpoint, gone);
            }
        }
        return false;
    }

    @Override
    public int poll(MessageHandler handler, int limit) {
        enter(RECEIVING);
        try {
            int handled = read(handler, limit);
            return handled > 0 ? handled : pollEmpty(handler, limit);
        } finally {
            FLAGS.setRelease(inside, RECEIVING, 0);
        }
    }

    /** The cold half of {@link #poll}: nothing was waiting; is the peer gone? */
    private int pollEmpty(MessageHandler handler, int limit) {
        String gone = null;
        if (shared.getIntVolatile(peerStateOffset) == ChannelDescriptor.STATE_CLOSED) {
            gone = "the peer closed the channel";
        } else if ((++emptyPolls & LIVENESS_MASK) == 0) {
            gone = peer.goneReason();
        }
        if (gone != null) {
            int handled = read(handler, limit); // what it wrote before leaving is visible now
            if (handled > 0) {
                return handled;
            }
            throw new PeerGoneException(endpoint, gone);
        }
        return 0;
    }

    private int read(MessageHandler handler, int limit) {
        Dispatcher d = dispatcher;
        d.handler = handler;
        try {
            return receiveRing.read(d, limit);
        } finally {
            d.handler = null;
        }
    }

    @Override
    public boolean isOpen() {
        return !closed;
    }

    @Override
    public boolean isReady() {
        if (closed) {
            return true;
        }
        FLAGS.setVolatile(inside, RECEIVING, 1);
        try {
            return closed || receiveRing.producerPosition() != receiveRing.consumerPosition()
                || shared.getIntVolatile(peerStateOffset) == ChannelDescriptor.STATE_CLOSED || peer.goneReason() != null;
        } finally {
            FLAGS.setRelease(inside, RECEIVING, 0);
        }
    }

    /**
     * Marks this side closed (the peer reads what is left, then sees end-of-stream), waits up to {@code linger} for
     * the peer to read everything and close its side (or die), then releases the mapping as soon as no call is in
     * flight: at once when called between calls, otherwise from a background thread once the last call (and the
     * handler it runs) has returned.
     */
    @Override
    public boolean close(Duration linger) {
        synchronized (this) {
            if (closed) {
                return false;
            }
            closed = true;
        }
        shared.putIntVolatile(ownStateOffset, ChannelDescriptor.STATE_CLOSED);
        boolean delivered = awaitPeerEnd(Deadlines.of(linger));
        file.unmapWhenIdle(() -> (int) FLAGS.getVolatile(inside, SENDING) == 0
            && (int) FLAGS.getVolatile(inside, RECEIVING) == 0);
        return delivered;
    }

    /** @return true once the peer read all we sent and closed its side (or died); false when the deadline came first */
    private boolean awaitPeerEnd(long deadline) {
        long park = 10_000;
        while (true) {
            boolean peerClosed = shared.getIntVolatile(peerStateOffset) == ChannelDescriptor.STATE_CLOSED;
            if (peerClosed || peer.checkNow() != null) {
                return sendRing.consumerPosition() == sendRing.producerPosition(); // read after: final once it left
            }
            if (Deadlines.passed(deadline)) {
                return false;
            }
            LockSupport.parkNanos(park);
            park = Math.min(park * 2, 1_000_000);
        }
    }

    /** @return the mapped file, for tests */
    MappedFile file() {
        return file;
    }

    private ChannelClosedException closedException() {
        return new ChannelClosedException(endpoint, "channel is closed");
    }

    @Override
    public String toString() {
        return "ShmChannel[" + endpoint + ", peer " + peer.peer() + "]";
    }

    /** Hands ring records to the caller's handler without allocating. */
    private static final class Dispatcher implements org.agrona.concurrent.MessageHandler {
        MessageHandler handler;

        @Override
        public void onMessage(int msgTypeId, MutableDirectBuffer buffer, int index, int length) {
            handler.onMessage(buffer, index, length);
        }
    }
}
