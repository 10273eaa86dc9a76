package io.jipc.pipe;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.MessageHandler;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.ringbuffer.OneToOneRingBuffer;
import org.agrona.concurrent.ringbuffer.RingBufferDescriptor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sending half of a pipe channel: {@link #offer} never blocks.
 * <ul>
 * <li>When the writer thread is idle and the pipe is known to have room (its unread bytes, read through a
 *     {@link PipeProbe}, leave {@link #DIRECT_BUDGET} free), the offering thread writes the frame itself: a lone
 *     message costs no thread hand-off, as with a plain stream.</li>
 * <li>Otherwise the message is copied into an Agrona ring buffer that the writer thread drains into the stream, so
 *     every message offered while a write is in flight goes out with the next write (small messages coalesce).</li>
 * <li>A message too large for a ring record is copied into a reusable side buffer, one at a time, and a marker in
 *     the ring keeps its place in the order.</li>
 * </ul>
 * Only one thread writes to the stream at a time (the {@code writing} flag), and a direct write happens only while
 * the ring is empty, so frames leave in offer order.
 */
final class FrameWriter implements Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(FrameWriter.class);

    /** Ring record types: a whole message, or the marker of the large message in the side buffer. */
    private static final int WHOLE = 1;
    private static final int LARGE = 2;

    /**
     * Yields over an empty ring before parking: a writer that parked at once would cost the producer an unpark (a
     * system call) per message whenever it drains faster than the producer fills. It yields rather than spins: on a
     * virtual machine a spinning vCPU (PAUSE) is descheduled by the hypervisor, which costs tens of microseconds.
     */
    private static final int YIELDS = 200;
    /**
     * Largest count of unread bytes in the pipe, plus the frame, for a direct write: well inside the smallest
     * default pipe capacity (64 KiB on Linux), so the write cannot block.
     */
    static final int DIRECT_BUDGET = 16 * 1024;
    /**
     * A message offered this long after the previous one is a lone message, written directly; closer ones are a
     * stream, queued so they coalesce. Pipe round trips take 5 us or more, so requests and replies stay lone.
     */
    private static final long LONE_GAP_NANOS = 2_000;
    /** Longest park: bounds the delay of a wake-up lost to a race with the offering thread. */
    private static final long MAX_PARK_NANOS = TimeUnit.MILLISECONDS.toNanos(1);

    private final String name;
    private final OutputStream out;
    private final PipeProbe probe;
    private final byte[] direct = new byte[DIRECT_BUDGET];
    private final UnsafeBuffer directView = new UnsafeBuffer(direct);
    private final java.util.concurrent.atomic.AtomicBoolean writing = new java.util.concurrent.atomic.AtomicBoolean();
    /**
     * Set by the writer thread when it finds the ring empty; cleared by the producer when it sees a stream of
     * messages or a pipe too full for a direct write. While it is clear the producer only queues, at full speed.
     */
    private volatile boolean idle = true;
    /** When the producer last looked at the clock (only while {@link #idle}): producer's own. */
    private long lastLoneCheckNanos;
    private final OneToOneRingBuffer ring;
    private final int maxRecord;
    private final byte[] batch;
    private final UnsafeBuffer batchView;
    private final Drain drain = new Drain();
    private final Thread thread;

    private byte[] large = new byte[0];
    private int largeLength;
    /** True from the offer of a large message until the writer has written it: the side buffer is the writer's. */
    private volatile boolean largePending;
    private int batchLength;
    private volatile boolean parked;
    private volatile boolean closing;
    private volatile boolean finished;
    private volatile IOException failure;

    /**
     * @param name     names the writer thread
     * @param out      the stream to the peer
     * @param capacity ring capacity in bytes, a power of two
     * @param probe    tells how many bytes in the pipe are unread, or null to never write directly
     */
    FrameWriter(String name, OutputStream out, int capacity, PipeProbe probe) {
        this.name = name;
        this.out = out;
        this.probe = probe;
        this.ring = new OneToOneRingBuffer(new UnsafeBuffer(
            ByteBuffer.allocateDirect(capacity + RingBufferDescriptor.TRAILER_LENGTH)));
        this.maxRecord = ring.maxMsgLength();
        this.batch = new byte[Math.max(64 * 1024, 2 * (maxRecord + PipeProtocol.HEADER_LENGTH))];
        this.batchView = new UnsafeBuffer(batch);
        this.thread = new Thread(this, "jipc-pipe-writer " + name);
        this.thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    /** @return the write failure that stopped the writer, or null */
    IOException failure() {
        return failure;
    }

    /**
     * Copies a message into the ring (or the side buffer). Called by one thread at a time; never blocks.
     *
     * @return false when there is no room for it now
     */
    boolean offer(DirectBuffer buffer, int offset, int length) throws IOException {
        if (idle && probe != null && length <= DIRECT_BUDGET - PipeProtocol.HEADER_LENGTH) {
            long now = System.nanoTime();
            long gap = now - lastLoneCheckNanos;
            lastLoneCheckNanos = now;
            if (gap < LONE_GAP_NANOS) {
                idle = false; // a stream: queue until the writer catches up
            } else if (writeDirect(buffer, offset, length)) {
                return true;
            }
        }
        if (length <= maxRecord) {
            if (!ring.write(WHOLE, buffer, offset, length)) {
                return false;
            }
        } else if (!offerLarge(buffer, offset, length)) {
            return false;
        }
        if (parked) {
            LockSupport.unpark(thread);
        }
        return true;
    }

    /** Writes the frame on this thread when nothing is queued or being written and the pipe has room for it. */
    private boolean writeDirect(DirectBuffer buffer, int offset, int length) throws IOException {
        if (!writing.compareAndSet(false, true)) {
            return false;
        }
        try {
            if (ring.producerPosition() != ring.consumerPosition() || largePending || failure != null || closing) {
                return false;
            }
            int frame = PipeProtocol.HEADER_LENGTH + length;
            int unread = probe.unread();
            if (unread < 0 || unread + frame > DIRECT_BUDGET) {
                idle = false; // the peer is behind: queue, and let the writer coalesce
                return false;
            }
            directView.putInt(0, length, PipeProtocol.ORDER);
            buffer.getBytes(offset, direct, PipeProtocol.HEADER_LENGTH, length);
            try {
                out.write(direct, 0, frame);
                out.flush();
            } catch (IOException e) {
                failure = e;
                throw e;
            }
            return true;
        } finally {
            writing.set(false);
        }
    }

    private boolean offerLarge(DirectBuffer buffer, int offset, int length) {
        if (largePending) {
            return false;
        }
        int frame = PipeProtocol.HEADER_LENGTH + length;
        if (large.length < frame) {
            large = new byte[Math.max(frame, (int) Math.min(Integer.MAX_VALUE - 8, large.length * 2L))];
        }
        UnsafeBuffer view = new UnsafeBuffer(large, 0, PipeProtocol.HEADER_LENGTH);
        view.putInt(0, length, PipeProtocol.ORDER);
        buffer.getBytes(offset, large, PipeProtocol.HEADER_LENGTH, length);
        largeLength = frame;
        largePending = true;
        if (!ring.write(LARGE, buffer, offset, 0)) {
            largePending = false;
            return false;
        }
        return true;
    }

    /** Asks the writer to send what the ring holds, then end-of-stream, and stop. Idempotent. */
    void close() {
        closing = true;
        LockSupport.unpark(thread);
    }

    /** Waits up to {@code millis} for the writer to finish; @return true when it did */
    boolean awaitFinished(long millis) {
        try {
            thread.join(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return finished;
    }

    @Override
    public void run() {
        try {
            int idleRounds = 0;
            while (true) {
                if (drainOnce() > 0) {
                    idleRounds = 0;
                    continue;
                }
                if (!idle) {
                    idle = true;
                }
                if (closing) {
                    if (drainOnce() == 0) {
                        batchView.putInt(0, PipeProtocol.END_OF_STREAM, PipeProtocol.ORDER);
                        out.write(batch, 0, PipeProtocol.HEADER_LENGTH);
                        out.flush();
                        break;
                    }
                    continue;
                }
                if (++idleRounds < YIELDS) {
                    Thread.yield();
                    continue;
                }
                // Announce the park, then look at the ring once more after a yield (a system call: microseconds).
                // The producer reads `parked` after committing without a fence (a fence per message halves
                // throughput), so on x86 its read may pass its own commit; the pause lets such a commit drain from
                // its store buffer before our last look. Whatever still slips through waits at most MAX_PARK_NANOS.
                parked = true;
                Thread.yield();
                if (ring.size() == 0 && !closing) {
                    LockSupport.parkNanos(this, MAX_PARK_NANOS);
                }
                parked = false;
            }
        } catch (IOException e) {
            failure = e;
            LOG.debug("{}: writer stopped: {}", name, e.toString());
        } catch (RuntimeException | Error e) {
            failure = new IOException("writer failed: " + e, e);
            LOG.error("{}: writer failed", name, e);
        } finally {
            finished = true;
            try {
                out.close();
            } catch (IOException e) {
                LOG.debug("{}: closing the stream: {}", name, e.toString());
            }
        }
    }

    private int drainOnce() throws IOException {
        if (ring.producerPosition() == ring.consumerPosition()) {
            return 0;
        }
        while (!writing.compareAndSet(false, true)) {
            Thread.yield(); // a direct write is in flight: it is short
        }
        try {
            return drainLocked();
        } finally {
            writing.set(false);
        }
    }

    private int drainLocked() throws IOException {
        batchLength = 0;
        int records = ring.read(drain);
        if (drain.failure != null) {
            IOException e = drain.failure;
            drain.failure = null;
            throw e;
        }
        if (batchLength > 0) {
            out.write(batch, 0, batchLength);
            batchLength = 0;
        }
        if (records > 0) {
            out.flush();
        }
        return records;
    }

    /** Copies ring records into the batch as frames, writing the batch out when the next frame does not fit. */
    private final class Drain implements MessageHandler {
        IOException failure;

        @Override
        public void onMessage(int type, MutableDirectBuffer buffer, int index, int length) {
            if (failure != null) {
                return;
            }
            try {
                if (type == LARGE) {
                    if (batchLength > 0) {
                        out.write(batch, 0, batchLength);
                        batchLength = 0;
                    }
                    out.write(large, 0, largeLength);
                    largePending = false;
                    return;
                }
                if (batchLength + length + PipeProtocol.HEADER_LENGTH > batch.length) {
                    out.write(batch, 0, batchLength);
                    batchLength = 0;
                }
                batchView.putInt(batchLength, length, PipeProtocol.ORDER);
                batchLength += PipeProtocol.HEADER_LENGTH;
                buffer.getBytes(index, batch, batchLength, length);
                batchLength += length;
            } catch (IOException e) {
                failure = e;
            }
        }
    }
}
