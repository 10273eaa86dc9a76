package io.jipc.pipe;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.jipc.ChannelClosedException;
import io.jipc.Endpoint;
import io.jipc.FrameTooLargeException;
import io.jipc.HandshakeException;
import io.jipc.IpcException;
import io.jipc.IpcInterruptedException;
import io.jipc.MessageHandler;
import io.jipc.PeerGoneException;
import io.jipc.PeerInfo;
import io.jipc.PeerUnresponsiveException;
import io.jipc.ProtocolException;
import io.jipc.spi.AbstractChannel;
import io.jipc.spi.Deadlines;
import io.jipc.spi.Liveness;
import io.jipc.internal.jfr.Jfr;

/**
 * A channel over a pair of byte streams between a parent JVM and its child: the child's stdin and stdout.
 * <p>
 * Sending copies into a ring that a writer thread drains into the stream ({@link FrameWriter}); receiving reads
 * only what the stream has available ({@link FrameReader}), so neither {@link #offer} nor {@link #poll} blocks.
 * A peer that dies is noticed through {@link Liveness} (the child's exit, or the parent's), after every byte it
 * wrote was delivered. Closing is graceful ({@link #close(Duration)}): what was offered leaves, then end-of-stream,
 * and the input stays open until the peer's own end-of-stream arrives, so a peer answering the close never writes
 * into a closed pipe. Wire format: {@link PipeProtocol}.
 */
public final class PipeChannel extends AbstractChannel {

    private static final MessageHandler DISCARD = (buffer, offset, length) -> { };

    private final InputStream in;
    private final Liveness peer;
    private final PeerInfo peerInfo;
    private final Duration linger;
    private final FrameReader reader;
    /** Held while the reader is used: by the receiving thread, and by a closing thread waiting for the peer's end. */
    private final ReentrantLock reading = new ReentrantLock();
    private final FrameWriter writer;
    private final PipeProbe probe;
    private final int peerMaxFrame;
    private volatile boolean closed;
    private volatile String failure;
    /** The liveness timeout, 0 when off: the peer must be heard from (a message or a heartbeat) this often. */
    private final long livenessNanos;
    /** When the receiving side last read a byte (receiving thread). */
    private long lastHeardNanos;

    private PipeChannel(PipeConfig config, InputStream in, OutputStream out, PipeProbe probe, Liveness peer, long peerPid) {
        super(config.endpoint(), config.options().newIdleStrategy(AbstractChannel::defaultIdleStrategy),
            config.options().newIdleStrategy(AbstractChannel::defaultIdleStrategy));
        this.in = in;
        this.peer = peer;
        this.peerInfo = peerPid >= 0 ? PeerInfo.process(peerPid) : PeerInfo.unknown();
        this.linger = config.options().closeLinger();
        this.probe = probe;
        this.reader = new FrameReader(endpoint, in, config.maxMessage());
        this.writer = new FrameWriter(endpoint.toString(), out, config.sendBuffer(), probe, peer);
        writeHandshake(out, config);
        this.peerMaxFrame = readHandshake(config.options().connectTimeout());
        writer.heartbeatEvery(reader.peerHeartbeatMillis());
        this.livenessNanos = livenessNanos(config);
        this.lastHeardNanos = System.nanoTime();
        writer.start();
    }

    /** @return the liveness timeout in ns when set and the peer sends heartbeats; 0 otherwise */
    private long livenessNanos(PipeConfig config) {
        long timeout = config.livenessTimeout().toNanos();
        if (timeout > 0 && (reader.peerFlags() & PipeProtocol.FLAG_HEARTBEATS) == 0) {
            Log.LOG.warn("{}: the peer does not send heartbeats (a worker written before they existed?): its liveness is "
                + "known by its process only, the timeout of {} is not enforced", endpoint, config.livenessTimeout());
            return 0;
        }
        return timeout;
    }

    /**
     * Opens a channel over two streams and exchanges handshakes.
     *
     * @param config  the settings, and the options: handshake timeout, close linger, liveness timeout
     * @param probe   counts the unread bytes of the pipe behind {@code out}, or null
     * @param peerPid the peer's pid, or -1 when unknown
     * @throws HandshakeException when the peer's first bytes are not a jipc handshake, or it leaves before sending one
     */
    static PipeChannel open(PipeConfig config, InputStream in, OutputStream out, PipeProbe probe, Liveness peer,
                            long peerPid) {
        try {
            return new PipeChannel(config, in, out, probe, peer, peerPid);
        } catch (RuntimeException e) {
            if (probe != null) {
                probe.close();
            }
            throw e;
        }
    }

    private void writeHandshake(OutputStream out, PipeConfig config) {
        UnsafeBuffer hello = new UnsafeBuffer(new byte[PipeProtocol.HANDSHAKE_LENGTH]);
        hello.putInt(PipeProtocol.MAGIC_OFFSET, PipeProtocol.MAGIC, PipeProtocol.ORDER);
        hello.putShort(PipeProtocol.VERSION_OFFSET, (short) PipeProtocol.VERSION, PipeProtocol.ORDER);
        hello.putShort(PipeProtocol.FLAGS_OFFSET, (short) PipeProtocol.FLAG_HEARTBEATS, PipeProtocol.ORDER);
        hello.putInt(PipeProtocol.MAX_FRAME_OFFSET, config.maxMessage(), PipeProtocol.ORDER);
        hello.putInt(PipeProtocol.HEARTBEAT_INTERVAL_OFFSET, config.heartbeatAskMillis(), PipeProtocol.ORDER);
        try {
            out.write(hello.byteArray());
            out.flush();
        } catch (IOException e) {
            throw new HandshakeException(endpoint, "cannot send the handshake: " + describePeer(e.toString()), e);
        }
    }

    private int readHandshake(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        org.agrona.concurrent.IdleStrategy idle = defaultIdleStrategy();
        while (true) {
            String gone = peer.goneReason();
            int n;
            try {
                n = reader.fill();
            } catch (IOException e) {
                throw new HandshakeException(endpoint, "cannot read the handshake: " + e, e);
            }
            int peerMax = reader.handshake();
            if (peerMax > 0) {
                return peerMax;
            }
            if (n == 0 && gone != null) {
                throw new HandshakeException(endpoint, gone + " before completing the handshake"
                    + (reader.buffered() > 0 ? "; it sent " + reader.describeBuffered() : ""));
            }
            if (Thread.interrupted()) {
                throw IpcInterruptedException.interrupted(endpoint, "the peer's handshake");
            }
            if (System.nanoTime() - deadline >= 0) {
                throw new HandshakeException(endpoint, "no handshake from the peer within " + timeout
                    + (reader.buffered() > 0 ? "; it sent " + reader.describeBuffered() : "")
                    + " (does the child call Ipc.connect(\"pipe:stdio\")?)");
            }
            idle.idle(n);
        }
    }

    @Override
    public int maxMessageLength() {
        return peerMaxFrame;
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
        if (length < 0 || length > maxMessageLength()) {
            throw new FrameTooLargeException(endpoint, "message of " + length + " bytes exceeds the maximum of "
                + peerMaxFrame + " bytes that the peer accepts (the peer sets it with ?maxMessage=)");
        }
        IOException writeFailure = writer.failure();
        if (writeFailure != null) {
            throw writeFailed(writeFailure);
        }
        try {
            if (writer.offer(buffer, offset, length)) {
                return true;
            }
        } catch (IOException e) {
            throw writeFailed(e);
        }
        String gone = peer.goneReason();
        if (gone != null) {
            peerGone();
            throw new PeerGoneException(endpoint, gone + "; it took no more messages");
        }
        return false;
    }

    private PeerGoneException writeFailed(IOException e) {
        peerGone();
        return new PeerGoneException(endpoint, awaitGoneReason("the peer stopped reading (" + e.getMessage() + ")"), e);
    }

    /** The peer is gone: release the probe, the pipe's other reader, so a write blocked on a full pipe fails. */
    private void peerGone() {
        if (probe != null) {
            probe.close();
        }
    }

    @Override
    public int poll(MessageHandler handler, int limit) {
        if (closed) {
            throw closedException();
        }
        ReentrantLock lock = reading;
        lock.lock();
        try {
            if (closed) {
                throw closedException();
            }
            return pollLocked(handler, limit);
        } finally {
            lock.unlock();
        }
    }

    private int pollLocked(MessageHandler handler, int limit) {
        try {
            int handled = reader.drain(handler, limit);
            if (handled > 0 || reader.endOfStream()) {
                return handledOrEnd(handled);
            }
            String gone = peer.goneReason();
            if (reader.fill() > 0) {
                if (livenessNanos > 0) {
                    lastHeardNanos = System.nanoTime();
                }
                return handledOrEnd(reader.drain(handler, limit));
            }
            if (gone == null && livenessNanos > 0 && System.nanoTime() - lastHeardNanos > livenessNanos) {
                peerGone();
                throw new PeerUnresponsiveException(endpoint, unresponsive());
            }
            if (gone != null) {
                peerGone();
                throw new PeerGoneException(endpoint, gone
                    + (reader.buffered() > 0 ? " in the middle of a frame (" + reader.buffered() + " bytes of it arrived)" : ""));
            }
            return 0;
        } catch (IOException e) {
            if (closed) {
                throw closedException();
            }
            throw new PeerGoneException(endpoint, awaitGoneReason("reading failed (" + e.getMessage() + ")"), e);
        } catch (ProtocolException | FrameTooLargeException e) {
            failure = e.getMessage();
            close(Duration.ZERO);
            throw e;
        }
    }

    @Override
    public boolean isReady() {
        if (closed) {
            return true;
        }
        ReentrantLock lock = reading;
        if (!lock.tryLock()) {
            return false; // a receiver is reading right now
        }
        try {
            if (reader.hasFrame() || reader.endOfStream()) {
                return true;
            }
            String gone = peer.goneReason();
            reader.fill();
            return reader.hasFrame() || reader.endOfStream() || gone != null;
        } catch (IOException e) {
            return true; // poll reports it
        } finally {
            lock.unlock();
        }
    }

    /** The peer's process lives but it sent nothing, not even a heartbeat, for longer than the liveness timeout. */
    private String unresponsive() {
        String reason = "the peer " + (peerInfo.pid().isPresent() ? "(process " + peerInfo.pid().getAsLong() + ") " : "")
            + "is alive but not responding: nothing from it, not even a heartbeat, for "
            + Duration.ofNanos(System.nanoTime() - lastHeardNanos).toMillis() + " ms (livenessTimeout "
            + Duration.ofNanos(livenessNanos) + ")";
        failure = reason;
        return reason;
    }

    private int handledOrEnd(int handled) {
        if (handled == 0 && reader.endOfStream()) {
            throw new PeerGoneException(endpoint, "the peer closed the channel");
        }
        return handled;
    }

    private String describePeer(String what) {
        String gone = peer.goneReason();
        return gone == null ? what : what + "; " + gone;
    }

    /**
     * A stream that fails usually means the peer is going (the JDK closes a child's streams as it destroys it):
     * waits up to a second for its liveness to say so, to report why.
     */
    private String awaitGoneReason(String what) {
        long deadline = System.nanoTime() + 1_000_000_000L;
        String gone;
        while ((gone = peer.goneReason()) == null && System.nanoTime() - deadline < 0) {
            java.util.concurrent.locks.LockSupport.parkNanos(1_000_000);
        }
        return gone == null ? what : what + "; " + gone;
    }

    private IpcException closedException() {
        String why = failure;
        return new ChannelClosedException(endpoint, why == null ? "channel is closed" : "channel was closed after: " + why);
    }

    @Override
    public boolean isOpen() {
        return !closed;
    }

    /**
     * Sends what was offered, then end-of-stream; then reads (and discards) what the peer still sends until its own
     * end-of-stream, its exit, or the linger's end, and only then closes the input: a peer that answers our
     * end-of-stream with its own never writes into a closed pipe.
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
        writer.close();
        if (probe != null && peer.goneReason() != null) {
            probe.close();
        }
        boolean sent = writer.awaitFinished(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
        if (!sent) {
            String gone = peer.goneReason();
            if (gone == null) {
                Log.LOG.warn("{}: the peer did not take the last messages within {} of close", endpoint, linger);
            } else { // the peer died with messages still queued to it: expected, and said by whoever saw it die
                Log.LOG.debug("{}: the last messages were not delivered: {}", endpoint, gone);
            }
        }
        boolean answered = failure == null && awaitPeerEnd(deadline);
        peerGone();
        try {
            in.close();
        } catch (IOException e) {
            Log.LOG.debug("{}: closing input: {}", endpoint, e.toString());
        }
        Jfr.channelClosed(endpoint, peer(), sent && answered);
        return sent && answered;
    }

    /** @return true once the peer's end-of-stream arrived or it is gone; false when the deadline came first */
    private boolean awaitPeerEnd(long deadline) {
        ReentrantLock lock = reading;
        if (lock.isHeldByCurrentThread()) {
            return false; // closed from inside a handler: the reader is in use further up this very stack
        }
        try {
            // a receiver in poll leaves at once (the channel is marked closed), unless its handler runs on
            if (!lock.tryLock(Math.max(0, deadline - System.nanoTime()), java.util.concurrent.TimeUnit.NANOSECONDS)) {
                return false;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
        try {
            long park = 10_000;
            while (true) {
                reader.drain(DISCARD, Integer.MAX_VALUE);
                if (reader.endOfStream()) {
                    return true;
                }
                String gone = peer.goneReason();
                if (reader.fill() > 0) {
                    park = 10_000;
                    continue;
                }
                if (gone != null) {
                    return reader.buffered() == 0;
                }
                if (Deadlines.passed(deadline)) {
                    return false;
                }
                LockSupport.parkNanos(park);
                park = Math.min(park * 2, 1_000_000);
            }
        } catch (IOException | RuntimeException e) {
            Log.LOG.debug("{}: while waiting for the peer's end of stream: {}", endpoint, e.toString());
            return false;
        } finally {
            lock.unlock();
        }
    }

    /** The logger, made on first use: starting SLF4J costs a child JVM tens of milliseconds on its way to ready. */
    private static final class Log {
        static final Logger LOG = LoggerFactory.getLogger(PipeChannel.class);
    }
}
