package io.jipc.pipe;

import java.io.IOException;
import java.io.OutputStream;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;

import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.jipc.spi.Backoff;

/**
 * The sending half of a pipe channel: {@link #offer} never blocks.
 * <ul>
 * <li>A message becomes a frame in a {@link FrameRing}, whose bytes are already the wire format; one writer thread
 *     writes whole ranges of it to the stream, so every message offered while a write is in flight leaves with the
 *     next write. While the producer keeps offering, the writer lets up to {@link #GATHER_BYTES} gather first.</li>
 * <li>A lone message (offered {@link #LONE_GAP_NANOS} or more after the previous one) is written by the offering
 *     thread itself when the writer is idle and the pipe is known to have room (its unread bytes, read through a
 *     {@link PipeProbe}, leave {@link #DIRECT_BUDGET} free): no thread hand-off, as with a plain stream.</li>
 * <li>A message too large for the ring is copied into a reusable side buffer, one at a time, and written when the
 *     stream reaches the position it was offered at.</li>
 * </ul>
 * Only one thread writes to the stream at a time (the {@code writing} flag), so frames leave in offer order.
 */
final class FrameWriter implements Runnable {


    /** Longest park: bounds the delay of a wake-up lost to a race with the offering thread. */
    private static final long MAX_PARK_NANOS = TimeUnit.MILLISECONDS.toNanos(1);
    /**
     * The writer's wait over an empty ring: the standard {@link Backoff}'s yields first (a writer that parked at once
     * would cost the producer an unpark, a system call, per message whenever it drains faster than the producer
     * fills), then one long park, since the producer unparks it.
     */
    private static final Backoff.Settings IDLE = Backoff.Settings.STANDARD.withParks(MAX_PARK_NANOS, MAX_PARK_NANOS);
    /**
     * Largest count of unread bytes in the pipe, plus what is queued, for a direct write: well inside the smallest
     * default pipe capacity (64 KiB on Linux), so the write cannot block.
     */
    static final int DIRECT_BUDGET = 16 * 1024;
    /**
     * A message offered this long after the previous one is a lone message, written directly; closer ones are a
     * stream, queued so they coalesce. Pipe round trips take 5 us or more, so requests and replies stay lone.
     */
    private static final long LONE_GAP_NANOS = 2_000;
    /** While the producer keeps adding, the writer waits for this many bytes before writing... */
    private static final int GATHER_BYTES = 64 * 1024;
    /** ...but at most this many rounds (yields) */
    private static final int GATHER_ROUNDS = 64;

    private static final byte[] HEARTBEAT_FRAME = {(byte) 0xFE, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF}; // -2, little-endian

    private final String name;
    private final OutputStream out;
    private final PipeProbe probe;
    private final io.jipc.spi.Liveness peer;
    private final FrameRing ring;
    private final int maxInRing;
    private final FrameRing.Sink sink;
    private final AtomicBoolean writing = new AtomicBoolean();
    private final Thread thread;
    private final Backoff idleWait = new Backoff(IDLE);

    /**
     * Set by the writer thread when it finds the ring empty; cleared by the producer when it sees a stream of
     * messages or a pipe too full for a direct write. While it is clear the producer only queues, at full speed.
     */
    private volatile boolean idle = true;
    /** How often the peer asked for proof of life when nothing else is written; 0 for never. */
    private volatile long heartbeatNanos;
    /** When bytes last went out, by either thread: a heartbeat is due only after this much silence. */
    private volatile long lastWriteNanos = System.nanoTime();
    /** When the producer last looked at the clock (only while {@link #idle}): the producer's own. */
    private long lastLoneCheckNanos;

    private byte[] large = new byte[0];
    private int largeLength;
    /** Stream position (ring tail) at which the large message was offered. */
    private long largeAt;
    /** True from the offer of a large message until the writer has written it: the side buffer is the writer's. */
    private volatile boolean largePending;

    private long lastSeenTail;
    private int gatherRounds;
    private volatile boolean parked;
    private volatile boolean closing;
    private volatile boolean finished;
    private volatile IOException failure;

    /**
     * @param name     names the writer thread
     * @param out      the stream to the peer
     * @param capacity ring capacity in bytes, a power of two
     * @param probe    tells how many bytes in the pipe are unread, or null to never write directly
     * @param peer     asked before a direct write: the probe keeps a dead peer's pipe open, so without this a lone
     *                 message to a dead peer would vanish into it
     */
    FrameWriter(String name, OutputStream out, int capacity, PipeProbe probe, io.jipc.spi.Liveness peer) {
        this.name = name;
        this.out = out;
        this.probe = probe;
        this.peer = peer;
        this.ring = new FrameRing(capacity);
        this.maxInRing = capacity / 4 - PipeProtocol.HEADER_LENGTH;
        this.sink = out::write;
        this.thread = new Thread(this, "jipc-pipe-writer ".concat(name)); // no indy concat: it spins a class at a child's start
        this.thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    /** Sends a heartbeat frame whenever nothing else was written for {@code millis} ms (0: never). Before start. */
    void heartbeatEvery(int millis) {
        heartbeatNanos = TimeUnit.MILLISECONDS.toNanos(millis);
    }

    /** Writes a heartbeat when the peer asked for them and nothing went out for the interval. Writer thread. */
    private void heartbeatIfDue() throws IOException {
        long every = heartbeatNanos;
        if (every == 0 || System.nanoTime() - lastWriteNanos < every || !writing.compareAndSet(false, true)) {
            return;
        }
        try {
            if (ring.tail() == ring.head() && !largePending) {
                out.write(HEARTBEAT_FRAME);
                out.flush();
                lastWriteNanos = System.nanoTime();
            }
        } finally {
            writing.set(false);
        }
    }

    /** @return the write failure that stopped the writer, or null */
    IOException failure() {
        return failure;
    }

    /**
     * Queues a message (or writes it at once, when it is lone and the pipe has room). Called by one thread at a
     * time; never blocks.
     *
     * @return false when there is no room for it now
     * @throws IOException when writing it directly failed
     */
    boolean offer(DirectBuffer buffer, int offset, int length) throws IOException {
        if (length > maxInRing) {
            return offerLarge(buffer, offset, length);
        }
        boolean lone = false;
        if (idle && probe != null && length <= DIRECT_BUDGET - PipeProtocol.HEADER_LENGTH) {
            long now = System.nanoTime();
            lone = now - lastLoneCheckNanos >= LONE_GAP_NANOS;
            lastLoneCheckNanos = now;
            if (!lone) {
                idle = false; // a stream: queue until the writer catches up
            } else if (peer.goneReason() != null) {
                throw new java.io.EOFException("the peer is gone");
            }
        }
        if (!ring.offer(buffer, offset, length)) {
            return false;
        }
        if (lone && writeDirect()) {
            return true;
        }
        if (parked) {
            LockSupport.unpark(thread);
        }
        return true;
    }

    /** Writes what the ring holds on this thread, when nothing else is being written and the pipe has room. */
    private boolean writeDirect() throws IOException {
        if (!writing.compareAndSet(false, true)) {
            return false;
        }
        try {
            if (largePending || failure != null || closing) {
                return false;
            }
            long tail = ring.tail();
            long queued = tail - ring.head();
            int unread = probe.unread();
            if (unread < 0 || unread + queued > DIRECT_BUDGET) {
                idle = false; // the peer is behind: let the writer coalesce
                return false;
            }
            try {
                ring.drainTo(sink, tail);
                out.flush();
                lastWriteNanos = System.nanoTime();
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
        for (int i = 0; i < PipeProtocol.HEADER_LENGTH; i++) {
            large[i] = (byte) (length >>> (8 * i));
        }
        buffer.getBytes(offset, large, PipeProtocol.HEADER_LENGTH, length);
        largeLength = frame;
        largeAt = ring.tail();
        largePending = true;
        LockSupport.unpark(thread);
        return true;
    }

    /** Asks the writer to send what is queued, then end-of-stream, and stop. Idempotent. */
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
            while (true) {
                if (writeOnce() > 0) {
                    idleWait.reset();
                    continue;
                }
                if (!idle) {
                    idle = true;
                }
                if (closing) {
                    if (writeOnce() == 0) {
                        byte[] end = new byte[PipeProtocol.HEADER_LENGTH];
                        new UnsafeBuffer(end).putInt(0, PipeProtocol.END_OF_STREAM, PipeProtocol.ORDER);
                        out.write(end);
                        out.flush();
                        break;
                    }
                    continue;
                }
                if (!idleWait.parksNext()) {
                    idleWait.idle();
                    continue;
                }
                // Announce the park, then look at the ring once more after a yield (a system call: microseconds).
                // The producer reads `parked` after publishing without a fence (a fence per message halves
                // throughput), so on x86 its read may pass its own store; the pause lets such a store drain from
                // its store buffer before our last look. Whatever still slips through waits at most MAX_PARK_NANOS.
                heartbeatIfDue();
                parked = true;
                Thread.yield();
                if (ring.tail() == ring.head() && !largePending && !closing) {
                    idleWait.idle();
                }
                parked = false;
            }
        } catch (IOException e) {
            failure = e;
            Log.LOG.debug("{}: writer stopped: {}", name, e.toString());
        } catch (RuntimeException | Error e) {
            failure = new IOException("writer failed: " + e, e);
            Log.LOG.error("{}: writer failed", name, e);
        } finally {
            finished = true;
            try {
                out.close();
            } catch (IOException e) {
                Log.LOG.debug("{}: closing the stream: {}", name, e.toString());
            }
        }
    }

    /** @return more than 0 when there was something to write (written now, or left to gather a moment more) */
    private int writeOnce() throws IOException {
        boolean largeWaiting = largePending;
        long tail = ring.tail();
        long queued = tail - ring.head();
        if (queued == 0 && !largeWaiting) {
            return 0;
        }
        if (!largeWaiting && queued < GATHER_BYTES && tail != lastSeenTail && gatherRounds < GATHER_ROUNDS && !closing) {
            lastSeenTail = tail; // the producer is still adding: let the batch grow (bounded)
            gatherRounds++;
            Thread.yield();
            return 1;
        }
        lastSeenTail = tail;
        gatherRounds = 0;
        while (!writing.compareAndSet(false, true)) {
            Thread.yield(); // a direct write is in flight: it is short
        }
        try {
            if (largeWaiting) {
                ring.drainTo(sink, largeAt);
                out.write(large, 0, largeLength);
                largePending = false;
            }
            ring.drainTo(sink, tail);
            out.flush();
            lastWriteNanos = System.nanoTime();
            return 1;
        } finally {
            writing.set(false);
        }
    }

    /** The logger, made on first use: starting SLF4J costs a child JVM tens of milliseconds on its way to ready. */
    private static final class Log {
        static final Logger LOG = LoggerFactory.getLogger(FrameWriter.class);
    }
}
