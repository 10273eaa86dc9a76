package io.jipc.pipe;

import java.io.IOException;
import java.io.OutputStream;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import org.agrona.DirectBuffer;
import org.agrona.concurrent.MessageHandler;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.ringbuffer.OneToOneRingBuffer;
import org.agrona.concurrent.ringbuffer.RingBufferDescriptor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sending half of a pipe channel: {@link #offer} copies a message into an Agrona ring buffer and never blocks;
 * one writer thread drains the ring into the stream, so every message that arrives while a write is in flight goes
 * out with the next write (small messages are coalesced, large ones travel as ring fragments).
 */
final class FrameWriter implements Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(FrameWriter.class);

    /** Ring record types: a whole message, or the first, a middle or the last fragment of a large one. */
    private static final int WHOLE = 1;
    private static final int FIRST = 2;
    private static final int MIDDLE = 3;
    private static final int LAST = 4;

    /** Writer thread spins this many times over an empty ring before parking. */
    private static final int SPINS_BEFORE_PARK = 20;
    /** Longest park: bounds the delay of a wake-up lost to a race with the offering thread. */
    private static final long MAX_PARK_NANOS = TimeUnit.MILLISECONDS.toNanos(1);
    private static final int RECORD_OVERHEAD = 8;

    private final String name;
    private final OutputStream out;
    private final OneToOneRingBuffer ring;
    private final int maxFragment;
    private final int maxMessage;
    private final byte[] batch;
    private final UnsafeBuffer batchView;
    private final Drain drain = new Drain();
    private final Thread thread;

    private int batchLength;
    private volatile boolean parked;
    private volatile boolean closing;
    private volatile boolean finished;
    private volatile IOException failure;

    /**
     * @param name        names the writer thread
     * @param out         the stream to the peer
     * @param capacity    ring capacity in bytes, a power of two
     */
    FrameWriter(String name, OutputStream out, int capacity) {
        this.name = name;
        this.out = out;
        this.ring = new OneToOneRingBuffer(new UnsafeBuffer(
            ByteBuffer.allocateDirect(capacity + RingBufferDescriptor.TRAILER_LENGTH)));
        this.maxFragment = ring.maxMsgLength() - PipeProtocol.HEADER_LENGTH;
        this.maxMessage = capacity / 2;
        this.batch = new byte[Math.max(64 * 1024, ring.maxMsgLength() + PipeProtocol.HEADER_LENGTH)];
        this.batchView = new UnsafeBuffer(batch);
        this.thread = new Thread(this, "jipc-pipe-writer " + name);
        this.thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    /** @return the longest message this writer can take in one offer */
    int maxMessage() {
        return maxMessage;
    }

    /** @return the write failure that stopped the writer, or null */
    IOException failure() {
        return failure;
    }

    /**
     * Copies a message into the ring. Called by one thread at a time; never blocks.
     *
     * @return false when the ring has no room for it
     */
    boolean offer(DirectBuffer buffer, int offset, int length) {
        boolean wasEmpty = ring.producerPosition() == ring.consumerPosition();
        if (length <= maxFragment) {
            if (!ring.write(WHOLE, buffer, offset, length)) {
                return false;
            }
        } else if (!offerFragments(buffer, offset, length)) {
            return false;
        }
        if (wasEmpty) {
            VarHandle.fullFence();
            if (parked) {
                LockSupport.unpark(thread);
            }
        }
        return true;
    }

    private boolean offerFragments(DirectBuffer buffer, int offset, int length) {
        int fragments = (length + maxFragment - 1) / maxFragment;
        // every fragment at its largest, plus the padding record a wrap at the ring's end may cost
        long needed = (long) (fragments + 1) * align(maxFragment + PipeProtocol.HEADER_LENGTH + RECORD_OVERHEAD);
        if (ring.capacity() - ring.size() < needed) {
            return false;
        }
        for (int done = 0; done < length; done += maxFragment) {
            int chunk = Math.min(maxFragment, length - done);
            int type = done == 0 ? FIRST : (done + chunk == length ? LAST : MIDDLE);
            if (type == FIRST) {
                int index = ring.tryClaim(FIRST, chunk + PipeProtocol.HEADER_LENGTH);
                if (index < 0) {
                    throw new IllegalStateException("ring refused a fragment after reporting room");
                }
                ring.buffer().putInt(index, length, PipeProtocol.ORDER);
                ring.buffer().putBytes(index + PipeProtocol.HEADER_LENGTH, buffer, offset, chunk);
                ring.commit(index);
            } else if (!ring.write(type, buffer, offset + done, chunk)) {
                throw new IllegalStateException("ring refused a fragment after reporting room");
            }
        }
        return true;
    }

    private static int align(int length) {
        return (length + 7) & ~7;
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
                if (++idle < SPINS_BEFORE_PARK) {
                    Thread.onSpinWait();
                    continue;
                }
                parked = true;
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

    /** Copies ring records into the batch as frames, writing the batch out when the next record does not fit. */
    private final class Drain implements MessageHandler {
        IOException failure;

        @Override
        public void onMessage(int type, org.agrona.MutableDirectBuffer buffer, int index, int length) {
            if (failure != null) {
                return;
            }
            try {
                int needed = type == WHOLE ? length + PipeProtocol.HEADER_LENGTH : length;
                if (batchLength + needed > batch.length) {
                    out.write(batch, 0, batchLength);
                    batchLength = 0;
                }
                if (type == WHOLE) {
                    batchView.putInt(batchLength, length, PipeProtocol.ORDER);
                    batchLength += PipeProtocol.HEADER_LENGTH;
                }
                buffer.getBytes(index, batch, batchLength, length);
                batchLength += length;
            } catch (IOException e) {
                failure = e;
            }
        }
    }
}
