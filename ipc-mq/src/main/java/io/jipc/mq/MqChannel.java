package io.jipc.mq;

import java.time.Duration;

import org.agrona.DirectBuffer;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.UnsafeBuffer;

import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.wire.DocumentContext;

import io.jipc.ChannelClosedException;
import io.jipc.Endpoint;
import io.jipc.FrameTooLargeException;
import io.jipc.MessageHandler;
import io.jipc.PeerGoneException;
import io.jipc.PeerInfo;
import io.jipc.internal.ProcessIdentity;
import io.jipc.spi.AbstractChannel;
import io.jipc.spi.Deadlines;
import io.jipc.internal.jfr.Jfr;

/**
 * One end of an {@code mq:} request/reply connection: it appends {@link ChannelRecords#DATA} records with its
 * connection id to its outbound queue and reads its inbound queue with a tailer of its own, skipping other
 * connections' records. Everything {@code offer} accepted is in the queue file when it returns (durable against a
 * crash of either process). No back-pressure: the queue grows on disk. The peer is known by the pid and start time
 * it announced; its death is noticed by checking that process, at most every {@value #LIVENESS_CHECK_MILLIS} ms
 * while nothing arrives.
 */
final class MqChannel extends AbstractChannel {

    static final long LIVENESS_CHECK_MILLIS = 100;
    private static final DirectBuffer EMPTY = new UnsafeBuffer(new byte[0]);

    private final SharedStores stores;
    private final Appender out;
    private final ExcerptTailer in;
    private final RecordReader records;
    private final long connection;
    private final ProcessIdentity peerProcess;
    private final PeerInfo peerInfo;
    private final Duration linger;
    private final Object readLock = new Object();
    private volatile boolean closed;
    private volatile boolean peerEnded;
    private volatile boolean peerDead;
    private long nextLivenessCheck = System.nanoTime();

    /**
     * @param in a tailer of the inbound queue, positioned before this connection's first record; owned from now on
     */
    MqChannel(Endpoint endpoint, SharedStores stores, ExcerptTailer in, long connection, long peerPid, long peerStart,
        Duration linger, IdleStrategy sendIdle, IdleStrategy receiveIdle) {
        super(endpoint, sendIdle, receiveIdle);
        this.stores = stores;
        this.out = stores.out();
        this.in = in;
        in.singleThreadedCheckDisabled(true);
        this.records = new RecordReader(endpoint, stores.requests.rollCycle());
        this.connection = connection;
        this.peerProcess = Processes.find(peerPid, peerStart);
        this.peerDead = peerProcess == null;
        this.peerInfo = PeerInfo.process(peerPid);
        this.linger = linger;
    }

    @Override
    public PeerInfo peer() {
        return peerInfo;
    }

    @Override
    public int maxMessageLength() {
        return Appender.MAX_MESSAGE_LENGTH;
    }

    @Override
    public boolean offer(DirectBuffer buffer, int offset, int length) {
        if (closed) {
            throw new ChannelClosedException(endpoint, "channel closed");
        }
        if (length > maxMessageLength()) {
            throw new FrameTooLargeException(endpoint, "a message of " + length + " bytes is over this channel's limit of "
                + maxMessageLength() + " bytes");
        }
        if (peerEnded || peerDead) {
            throw new PeerGoneException(endpoint, peerEnded ? "the peer closed the channel" : "the peer process " + peerInfo.pid().getAsLong() + " died");
        }
        out.append(ChannelRecords.DATA, connection, buffer, offset, length);
        return true;
    }

    @Override
    public int poll(MessageHandler handler, int limit) {
        synchronized (readLock) {
            if (closed) {
                throw new ChannelClosedException(endpoint, "channel closed");
            }
            int handled = read(handler, limit);
            if (handled == 0) {
                if (peerEnded) {
                    throw new PeerGoneException(endpoint, "the peer (" + peerInfo + ") closed the channel");
                }
                if (peerDiedNow() && (handled = read(handler, limit)) == 0) {
                    throw new PeerGoneException(endpoint, "the peer process " + peerInfo.pid().getAsLong() + " died");
                }
            }
            return handled;
        }
    }

    /** Reads this connection's records; DATA to the handler (null: discard), END marks the peer's end. */
    private int read(MessageHandler handler, int limit) {
        int handled = 0;
        while (handled < limit && !peerEnded) {
            try (DocumentContext dc = in.readingDocument()) {
                if (!dc.isPresent()) {
                    break;
                }
                byte kind = records.read(dc);
                if (kind < MessageHeader.KIND_CHANNEL_FIRST || records.connection() != connection) {
                    continue;
                }
                if (kind == ChannelRecords.END) {
                    peerEnded = true;
                } else if (kind == ChannelRecords.DATA) {
                    handled++;
                    if (handler != null) {
                        QueueMessage view = records.view();
                        handler.onMessage(view.buffer(), 0, view.length());
                    }
                }
            }
        }
        return handled;
    }

    /** @return true when the peer process is found dead (checked at most every {@link #LIVENESS_CHECK_MILLIS}) */
    private boolean peerDiedNow() {
        if (peerDead) {
            return true;
        }
        long now = System.nanoTime();             // never the wall clock: a step back would stop the checks
        if (now - nextLivenessCheck < 0) {
            return false;
        }
        nextLivenessCheck = now + LIVENESS_CHECK_MILLIS * 1_000_000;
        if (!peerProcess.isAlive()) {
            peerDead = true;
        }
        return peerDead;
    }

    @Override
    public boolean isReady() {
        synchronized (readLock) {
            if (closed || peerEnded) {
                return true;
            }
            while (true) {
                try (DocumentContext dc = in.readingDocument()) {
                    if (!dc.isPresent()) {
                        return peerDiedNow();
                    }
                    byte kind = records.read(dc);
                    if ((kind == ChannelRecords.DATA || kind == ChannelRecords.END) && records.connection() == connection) {
                        dc.rollbackOnClose();
                        return true;
                    }
                }
            }
        }
    }

    @Override
    public boolean isOpen() {
        return !closed;
    }

    @Override
    protected Duration lingerOnClose() {
        return linger;
    }

    @Override
    public boolean close(Duration lingerTime) {
        synchronized (this) {
            if (closed) {
                return false;
            }
            closed = true;
        }
        boolean answered = false;
        try {
            if (!peerDead) {
                out.append(ChannelRecords.END, connection, EMPTY, 0, 0);
            }
            long deadline = Deadlines.of(lingerTime);
            IdleStrategy idle = defaultIdleStrategy();
            while (true) {
                synchronized (readLock) {
                    read(null, Integer.MAX_VALUE);
                    if (peerEnded) {
                        answered = true;
                        break;
                    }
                    if (peerDiedNow() || Deadlines.passed(deadline)) {
                        break;
                    }
                }
                idle.idle();
            }
        } catch (RuntimeException e) {
            answered = false;
        } finally {
            synchronized (readLock) {
                in.close();
            }
            stores.release();
        }
        Jfr.channelClosed(endpoint, peerInfo, answered);
        return answered;
    }

    @Override
    public String toString() {
        return "MqChannel[" + endpoint + ", connection " + Long.toHexString(connection) + ", " + peerInfo + "]";
    }
}
