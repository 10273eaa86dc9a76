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
 * The sending half of a pipe channel: {@link #offer} copies a message into an Agrona ring buffer and never blocks;
 * one writer thread drains the ring into the stream, so every message that arrives while a write is in flight goes
 * out with the next write (small messages are coalesced). A message too large for a ring record is copied into a
 * reusable side buffer, one at a time, and a marker in the ring keeps its place in the order.
 */
final class FrameWriter implements Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(FrameWriter.class);

    /** Ring record types: a whole message, or the marker of the large message in the side buffer. */
    private static final int WHOLE = 1;
    private static final int LARGE = 2;

    /** Writer thread spins this many times over an empty ring, then yields, before parking. */
    private static final int SPINS = 20;
    /**
     * Yields before parking: a writer that parked after each message would cost the producer an unpark (a system
     * call) per message whenever it drains faster than the producer fills.
     */
    private static final int YIELDS = 200;
    /** Spins between announcing the park and the last look at the ring: see {@link #run()}. */
    private static final int SPINS_AFTER_ANNOUNCE = 100;
    /** Longest park: bounds the delay of a wake-up lost to a race with the offering thread. */
    private static final long MAX_PARK_NANOS = TimeUnit.MILLISECONDS.toNanos(1);

    private final String name;
    private final OutputStream out;
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
     */
    FrameWriter(String name, OutputStream out, int capacity) {
        this.name = name;
        this.out = out;
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
    boolean offer(DirectBuffer buffer, int offset, int length) {
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
            int idle = 0;
            while (true) {
                if (drainOnce() > 0) {
                    idle = 0;
                    continue;
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
                if (++idle < SPINS) {
                    Thread.onSpinWait();
                    continue;
                } else if (idle < SPINS + YIELDS) {
                    Thread.yield();
                    continue;
                }
                // Announce the park, then look at the ring once more after a few microseconds. The producer reads
                // `parked` after committing without a fence (a fence per message halves throughput), so on x86 its
                // read may pass its own commit; the pause lets such a commit drain from its store buffer before our
                // last look. Whatever still slips through waits at most MAX_PARK_NANOS.
                parked = true;
                for (int i = 0; i < SPINS_AFTER_ANNOUNCE; i++) {
                    Thread.onSpinWait();
                }
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
