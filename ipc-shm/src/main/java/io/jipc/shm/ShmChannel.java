package io.jipc.shm;

import io.jipc.shm.file.MappedFile;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;

import org.agrona.BitUtil;
import org.agrona.UnsafeApi;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.ringbuffer.OneToOneRingBuffer;
import org.agrona.concurrent.ringbuffer.RecordDescriptor;
import org.agrona.concurrent.ringbuffer.RingBuffer;
import org.agrona.concurrent.ringbuffer.RingBufferDescriptor;

import io.jipc.ChannelClosedException;
import io.jipc.Endpoint;
import io.jipc.FrameTooLargeException;
import io.jipc.IpcException;
import io.jipc.MessageHandler;
import io.jipc.PeerGoneException;
import io.jipc.PeerInfo;
import io.jipc.PeerUnresponsiveException;
import io.jipc.internal.ProcessWatch;
import io.jipc.internal.jfr.Jfr;
import io.jipc.spi.AbstractChannel;
import io.jipc.spi.Deadlines;

/**
 * A duplex channel over one shared-memory file holding two single-producer single-consumer rings
 * ({@link ChannelDescriptor}). {@link #offer} writes one ring record, {@link #poll} reads records in place: no
 * system call, no copy beyond the ring, no allocation.
 * <p>
 * The peer is gone when its side of the file says closed, or when its process (pid and start time) no longer
 * runs; either way every message it wrote is delivered first. Threads: one sender and one receiver at a time;
 * {@link #close()} from any thread.
 * <p>
 * No call pays for the close: {@link #offer} and {@link #poll} read a volatile flag (a plain load on x86 and ARM)
 * and make no store of their own beyond the statistics in this side's counters in the file (ordered stores, plain on
 * x86: {@link ChannelDescriptor}), so there is no fence per call. The price is that {@link #close()} never unmaps:
 * the mapping is released by the garbage collector once this channel and every view of its rings are unreachable,
 * as a {@link java.nio.MappedByteBuffer}'s always is. So a call racing a close, a handler still running on another
 * thread, or a zero-copy view a handler kept, only ever touches mapped memory: a call that starts after the close
 * fails with {@link ChannelClosedException}. The file itself was unlinked when the channel was accepted; its
 * memory returns to the system with the last mapping.
 */
final class ShmChannel extends AbstractChannel {

    /**
     * The peer's process is looked at (itself rate-limited by {@link ProcessWatch}) on one empty poll or full offer in
     * this many: reading the clock on every one would slow a spinning caller. With the default idle strategy, a
     * dead peer is still noticed within about 100 ms.
     */
    private static final int LIVENESS_MASK = 63;
    /** One message in {@link #unpublishedSent}, whose low {@value #SENT_BYTES_BITS} bits count bytes. */
    private static final int SENT_BYTES_BITS = 40;
    private static final long ONE_MESSAGE_SENT = 1L << SENT_BYTES_BITS;
    /** The sent counters are published once this many messages are unpublished (see {@link #publishSent}). */
    private static final long SENT_PUBLISH_AT = 64L << SENT_BYTES_BITS;
    /** The received counters are published once this many messages are unpublished (see {@link #publishReceived}). */
    private static final int RECEIVED_PUBLISH_EVERY = 64;

    private final MappedFile file;
    private final UnsafeBuffer shared;
    private final OneToOneRingBuffer sendRing;
    private final OneToOneRingBuffer receiveRing;
    private final int ownStateOffset;
    private final int ownCountersOffset;
    private final int peerStateOffset;
    /**
     * The peer's state word by address, read on every offer: within the file's first 512 bytes, which
     * {@link ChannelDescriptor#capacity} checked the file has, and mapped while this channel is reachable.
     */
    private final long peerStateAddress;
    private final ProcessWatch peer;
    private final PeerInfo peerInfo;
    private final Duration linger;
    /** The liveness timeout, 0 when off: the peer's heartbeat word must be younger than this. */
    private final long livenessNanos;
    private final int peerHeartbeatOffset;
    /** This side's heartbeats, when the peer asked for them; cancelled at close. */
    private final java.util.concurrent.ScheduledFuture<?> heartbeat;
    private final Dispatcher dispatcher = new Dispatcher();
    private final int maxMessage;
    private int emptyPolls;
    private int fullOffers;
    /**
     * Messages (the bits above {@link #SENT_BYTES_BITS}) and bytes (the low bits: at most 64 messages of an eighth of
     * a ring of at most 1 GiB, far below 2^40) sent since the counters were last published: one add per message.
     */
    private long unpublishedSent;
    private long messagesSent;
    private long bytesSent;
    private long messagesReceived;
    /** {@link #messagesReceived} as last published in the file, for the jipc tool. */
    private long publishedReceived;
    private long backPressure;
    private volatile boolean closed;

    /**
     * @param endpoint names the channel in errors
     * @param file     the mapped channel file, already checked, with both sides open
     * @param isClient which side this process is
     * @param peer     watches the other side's process
     * @param linger   how long {@link #close()} waits for the peer to read what was sent and close its side
     */
    ShmChannel(ShmConfig config, Endpoint endpoint, MappedFile file, boolean isClient, ProcessWatch peer,
        IdleStrategy sendIdle, IdleStrategy receiveIdle, Duration linger) {
        super(endpoint, sendIdle, receiveIdle);
        this.linger = linger;
        this.livenessNanos = config.livenessNanos();
        this.peerHeartbeatOffset = isClient ? ChannelDescriptor.SERVER_HEARTBEAT_OFFSET : ChannelDescriptor.CLIENT_HEARTBEAT_OFFSET;
        int peerAsks = file.buffer().getIntVolatile(isClient ? ChannelDescriptor.SERVER_ASKS_OFFSET : ChannelDescriptor.CLIENT_ASKS_OFFSET);
        this.heartbeat = peerAsks > 0 ? ShmHeartbeats.every(peerAsks, file.buffer(),
            isClient ? ChannelDescriptor.CLIENT_HEARTBEAT_OFFSET : ChannelDescriptor.SERVER_HEARTBEAT_OFFSET) : null;
        this.peerInfo = PeerInfo.process(peer.peer().pid());
        this.file = file;
        this.shared = file.buffer();
        int capacity = ChannelDescriptor.capacity(shared, file.path());
        int ringLength = ChannelDescriptor.ringLength(capacity);
        this.sendRing = new OneToOneRingBuffer(new UnsafeBuffer(shared, ChannelDescriptor.ringOffset(isClient, capacity), ringLength));
        this.receiveRing = new OneToOneRingBuffer(new UnsafeBuffer(shared, ChannelDescriptor.ringOffset(!isClient, capacity), ringLength));
        int own = isClient ? ChannelDescriptor.CLIENT_SIDE_OFFSET : ChannelDescriptor.SERVER_SIDE_OFFSET;
        int other = isClient ? ChannelDescriptor.SERVER_SIDE_OFFSET : ChannelDescriptor.CLIENT_SIDE_OFFSET;
        this.ownCountersOffset = isClient ? ChannelDescriptor.CLIENT_COUNTERS_OFFSET : ChannelDescriptor.SERVER_COUNTERS_OFFSET;
        this.ownStateOffset = own + ChannelDescriptor.SIDE_STATE_OFFSET;
        this.peerStateOffset = other + ChannelDescriptor.SIDE_STATE_OFFSET;
        this.peerStateAddress = shared.addressOffset() + peerStateOffset;
        this.peer = peer;
        this.maxMessage = sendRing.maxMsgLength();
    }

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
        if (closed) {
            throw closedException();
        }
        if (length < 0 || length > maxMessage
            || UnsafeApi.getIntVolatile(null, peerStateAddress) == ChannelDescriptor.STATE_CLOSED) {
            throw refusal(length);
        }
        if (sendRing.write(ChannelDescriptor.MESSAGE_MSG_TYPE, buffer, offset, length)) {
            if ((unpublishedSent += ONE_MESSAGE_SENT + length) >= SENT_PUBLISH_AT) {
                publishSent();
            }
            return true;
        }
        return backPressured();
    }

    /**
     * Publishes the sent counters for the jipc tool (ordered stores, no fence): every 64 messages
     * ({@link #SENT_PUBLISH_AT}), when the ring is full, when this side polls and finds nothing, and at close. Two
     * stores per message cost a sender at full speed a fifth of its rate (measured: shm throughput ratio 0.72-0.95
     * with them, 0.95-1.36 without), and a count a few messages behind for a moment tells the tool's reader as much.
     * Counting messages and bytes in one field ({@link #unpublishedSent}) instead of two, and reading the peer's state
     * word by address instead of through the buffer's bounds check, took full {@code shm} runs from 0.80-0.91 to
     * 0.87-1.19 (four runs each, alternating, AMD EPYC).
     */
    private void publishSent() {
        messagesSent += unpublishedSent >>> SENT_BYTES_BITS;
        bytesSent += unpublishedSent & (ONE_MESSAGE_SENT - 1);
        unpublishedSent = 0;
        shared.putLongOrdered(ownCountersOffset + ChannelDescriptor.MESSAGES_SENT_OFFSET, messagesSent);
        shared.putLongOrdered(ownCountersOffset + ChannelDescriptor.BYTES_SENT_OFFSET, bytesSent);
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
        if (unpublishedSent != 0) {
            publishSent();
        }
        shared.putLongOrdered(ownCountersOffset + ChannelDescriptor.BACK_PRESSURE_OFFSET, ++backPressure);
        if ((++fullOffers & LIVENESS_MASK) == 0) {
            String gone = peerGoneReason();
            if (gone != null) {
                throw new PeerGoneException(endpoint, gone);
            }
        }
        return false;
    }

    @Override
    public int poll(MessageHandler handler, int limit) {
        if (closed) {
            throw closedException();
        }
        int handled = read(handler, limit);
        return handled > 0 ? handled : pollEmpty(handler, limit);
    }

    /** The cold half of {@link #poll}: nothing was waiting; is the peer gone? */
    private int pollEmpty(MessageHandler handler, int limit) {
        if (unpublishedSent != 0) {
            publishSent(); // a side that waits for an answer shows everything it sent
        }
        if (publishedReceived != messagesReceived) {
            publishReceived(); // and everything it received
        }
        String gone = null;
        if (shared.getIntVolatile(peerStateOffset) == ChannelDescriptor.STATE_CLOSED) {
            gone = "the peer closed the channel";
        } else if ((++emptyPolls & LIVENESS_MASK) == 0) {
            gone = peerGoneReason();
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

    /**
     * @return why the peer is gone (its process is), or null
     * @throws PeerUnresponsiveException when it lives but its heartbeat is older than the liveness timeout
     */
    private String peerGoneReason() {
        String gone = peer.goneReason();
        if (gone != null || livenessNanos == 0) {
            return gone;
        }
        long silent = System.nanoTime() - shared.getLongVolatile(peerHeartbeatOffset);
        if (silent > livenessNanos) {
            throw new PeerUnresponsiveException(endpoint, "the peer (process " + peer.peer().pid() + ") is alive but not "
                + "responding: no heartbeat for " + silent / 1_000_000 + " ms (livenessTimeout "
                + Duration.ofNanos(livenessNanos) + ")");
        }
        return null;
    }

    private int read(MessageHandler handler, int limit) {
        Dispatcher d = dispatcher;
        if (d.handler != handler) {
            // stored only when it changes (a poll loop passes the same handler every time), and kept after the poll:
            // a reference store into an old object costs a collector barrier with a full fence on every poll
            d.handler = handler;
        }
        int handled;
        try {
            handled = receiveRing.read(d, limit);
        } catch (Throwable e) {
            messagesReceived += d.failedPollMessages; // the ring consumed the message that threw and those before it
            d.failedPollMessages = 0;
            publishReceived();
            throw e;
        }
        if ((messagesReceived += handled) - publishedReceived >= RECEIVED_PUBLISH_EVERY) {
            publishReceived();
        }
        return handled;
    }

    /**
     * Publishes the received counters for the jipc tool (ordered stores, no fence): once {@link
     * #RECEIVED_PUBLISH_EVERY} messages are unpublished, when a poll finds nothing or its handler throws, and at
     * close. Messages are counted per poll from the ring's return value, bytes per message in a field of the
     * dispatcher: a count and two stores per message held a receiver at full speed to three quarters of the bare
     * ring's rate (measured, see BENCHMARKS.md).
     */
    private void publishReceived() {
        publishedReceived = messagesReceived;
        shared.putLongOrdered(ownCountersOffset + ChannelDescriptor.MESSAGES_RECEIVED_OFFSET, messagesReceived);
        shared.putLongOrdered(ownCountersOffset + ChannelDescriptor.BYTES_RECEIVED_OFFSET, dispatcher.bytes);
    }

    @Override
    public boolean isOpen() {
        return !closed;
    }

    @Override
    public boolean isReady() {
        try {
            return closed || receiveRing.producerPosition() != receiveRing.consumerPosition()
                || shared.getIntVolatile(peerStateOffset) == ChannelDescriptor.STATE_CLOSED || peerGoneReason() != null;
        } catch (PeerUnresponsiveException e) {
            return true; // poll says why
        }
    }

    /**
     * Marks this side closed (the peer reads what is left, then sees end-of-stream) and waits up to {@code linger}
     * for the peer to read everything and close its side (or die). The mapping stays until the garbage collector
     * finds this channel unreachable (see the class comment).
     */
    @Override
    public boolean close(Duration linger) {
        synchronized (this) {
            if (closed) {
                return false;
            }
            closed = true;
        }
        publishSent();
        publishReceived(); // a receiver still polling on another thread publishes what it reads after this itself
        shared.putIntVolatile(ownStateOffset, ChannelDescriptor.STATE_CLOSED);
        ChannelDescriptor.removeName(shared, file.path());
        if (heartbeat != null) {
            heartbeat.cancel(false);
        }
        boolean delivered = awaitPeerEnd(Deadlines.of(linger));
        Jfr.channelClosed(endpoint, peerInfo, delivered);
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

    /**
     * Hands ring records to the caller's handler without allocating, counting their bytes; the poll counts the
     * messages from the ring's return value, except in a poll whose handler throws, where this counts them.
     */
    private static final class Dispatcher implements org.agrona.concurrent.MessageHandler {
        MessageHandler handler;
        long bytes;
        /** Set when a handler throws: how many messages its poll consumed, the one that threw included. */
        int failedPollMessages;

        @Override
        public void onMessage(int msgTypeId, MutableDirectBuffer buffer, int index, int length) {
            bytes += length; // counted before the handler runs: a message whose handler throws is consumed too
            try {
                handler.onMessage(buffer, index, length);
            } catch (Throwable e) {
                failedPollMessages = messagesUpTo(buffer, index);
                throw e;
            }
        }

        /**
         * Walks the records a poll has read so far, from the consumer position the ring moves on only once the poll
         * ends: one read never wraps around the ring's end, and padding records carry no message.
         *
         * @return how many messages lie from the poll's first record up to the one at {@code index}, inclusive
         */
        private int messagesUpTo(MutableDirectBuffer ring, int index) {
            int capacity = ring.capacity() - RingBufferDescriptor.TRAILER_LENGTH;
            long head = ring.getLong(capacity + RingBufferDescriptor.HEAD_POSITION_OFFSET);
            int last = index - RecordDescriptor.HEADER_LENGTH;
            int messages = 0;
            for (int at = (int) head & (capacity - 1); at <= last; ) {
                if (ring.getInt(RecordDescriptor.typeOffset(at)) != RingBuffer.PADDING_MSG_TYPE_ID) {
                    messages++;
                }
                at += BitUtil.align(ring.getInt(RecordDescriptor.lengthOffset(at)), RecordDescriptor.ALIGNMENT);
            }
            return messages;
        }
    }
}
