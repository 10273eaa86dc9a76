package io.jipc.socket;

import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.util.concurrent.locks.LockSupport;

import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.unix.FileDescriptor;

/**
 * The sending side of one channel: frames are copied into one outgoing buffer, which the event loop writes whole.
 * While a write is in flight, further messages go into the next buffer, so a stream of small messages costs one
 * pipeline pass and one system call per buffer, not per message.
 * <p>
 * A lone message (nothing was queued or being written for {@link #LONE_GAP_NANOS} before it, as in request/reply)
 * is written by the offering thread itself, straight to the socket, when the native epoll transport without TLS
 * gives the file descriptor: no hand-off to the event loop, no wake-up of it. What the socket does not take at once
 * goes to the event loop like any other buffer.
 * <p>
 * Bounded: {@link #offer} says no while {@code limit} bytes are queued or being written (a single larger message is
 * taken when nothing else is pending). Nothing is dropped.
 * <p>
 * The hot path is short: an offer takes a spin lock (one compare-and-set, released by a plain ordered store; the
 * other side holds it only to swap or inspect buffers) and reads the clock only when the outbox is idle. The buffer
 * the event loop wrote last is kept and filled next, so a stream allocates nothing per write.
 * <p>
 * Threads: {@link #offer} from one sending thread at a time; {@link #offerEnd} and {@link #awaitDrained} from any;
 * the rest on the event loop. The lock guards the buffers and the state; direct writes run outside it, owned by the
 * sender through {@link #DIRECT}.
 */
final class Outbox {

    /** A message offered this long after the previous one is lone: written directly, when possible. */
    static final long LONE_GAP_NANOS = 2_000;
    /** Largest queue for a direct write. */
    private static final int DIRECT_MAX = 16 * 1024;
    private static final int INITIAL_BUFFER = 16 * 1024;
    /** A written buffer larger than this (after one large message) is freed rather than kept for reuse. */
    private static final int SPARE_MAX = 4 * 1024 * 1024;

    private static final int IDLE = 0;
    private static final int DIRECT = 1;
    private static final int FLUSHING = 2;
    /** Spins before a waiter for the lock yields: its holders only copy a frame or swap buffers. */
    private static final int LOCK_SPINS = 64;
    private static final VarHandle LOCK;

    static {
        try {
            LOCK = MethodHandles.lookup().findVarHandle(Outbox.class, "lock", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final Channel channel;
    private final FileDescriptor fd;
    private final int limit;
    private final Runnable flushTask = this::flush;
    private final UnsafeBuffer writeView = new UnsafeBuffer(0, 0);

    /** 1 while held: see {@link #lock()}. */
    @SuppressWarnings("unused") // through LOCK
    private volatile int lock;
    // guarded by the lock
    private ByteBuf filling;
    /** The buffer the event loop writes now (null when none). */
    private ByteBuf writing;
    /** The buffer written last, empty, filled next. */
    private ByteBuf spare;
    private long inFlight;
    private int state = IDLE;
    private boolean ended;
    /** When the outbox last went idle with nothing queued. */
    private long idleSinceNanos = System.nanoTime() - LONE_GAP_NANOS;
    private volatile Throwable failure;

    /**
     * @param channel the Netty channel to write to
     * @param fd      its file descriptor for direct writes, or null to always write on the event loop
     * @param limit   how many bytes may be queued or in flight before {@link #offer} says no
     */
    Outbox(Channel channel, FileDescriptor fd, int limit) {
        this.channel = channel;
        this.fd = fd;
        this.limit = limit;
        this.filling = channel.alloc().directBuffer(INITIAL_BUFFER);
    }

    /** @return why writing failed, or null */
    Throwable failure() {
        return failure;
    }

    /**
     * Queues one frame, or writes it at once when it is lone.
     *
     * @return false when the queue is full (nothing was taken)
     */
    boolean offer(DirectBuffer buffer, int offset, int length) {
        boolean direct = false;
        boolean schedule = false;
        lock();
        try {
            if (ended) {
                return false;
            }
            long pending = filling.readableBytes() + inFlight;
            int frame = SocketProtocol.HEADER_LENGTH + length;
            if (pending > 0 && pending + frame > limit) {
                return false;
            }
            appendFrame(buffer, offset, length);
            if (state == IDLE) {
                if (fd != null && System.nanoTime() - idleSinceNanos >= LONE_GAP_NANOS
                    && filling.readableBytes() <= DIRECT_MAX && failure == null) {
                    state = DIRECT;
                    direct = true;
                } else {
                    state = FLUSHING;
                    schedule = true;
                }
            }
        } finally {
            unlock();
        }
        if (direct) {
            writeDirect();
        } else if (schedule) {
            channel.eventLoop().execute(flushTask);
        }
        return true;
    }

    /** Takes the lock: a compare-and-set, then spins, then yields (a holder preempted on a busy machine). */
    private void lock() {
        if (!LOCK.compareAndSet(this, 0, 1)) {
            lockContended();
        }
    }

    private void lockContended() {
        int spins = 0;
        do {
            if (++spins < LOCK_SPINS) {
                Thread.onSpinWait();
            } else {
                Thread.yield();
            }
        } while ((int) LOCK.getVolatile(this) != 0 || !LOCK.compareAndSet(this, 0, 1));
    }

    private void unlock() {
        LOCK.setRelease(this, 0);
    }

    /** The outbox has nothing queued or being written (lock held). */
    private void becomeIdle() {
        state = IDLE;
        idleSinceNanos = System.nanoTime(); // a lone message is one offered this long after: a stream stays a stream
    }

    /** Queues the end-of-stream header after everything accepted; nothing is taken after it. */
    void offerEnd() {
        boolean schedule = false;
        lockOutsideDirectWrite(); // the sender writes from the buffer: do not grow it under its feet
        try {
            if (ended) {
                return;
            }
            ended = true;
            filling.ensureWritable(SocketProtocol.HEADER_LENGTH);
            filling.writeIntLE(SocketProtocol.END_OF_STREAM);
            if (state == IDLE) {
                state = FLUSHING;
                schedule = true;
            }
        } finally {
            unlock();
        }
        if (schedule) {
            channel.eventLoop().execute(flushTask);
        }
    }

    /**
     * Event loop: queues a heartbeat frame and writes it when nothing was queued or written for {@code idleNanos}
     * (a sending or blocked side needs none: its bytes, or the peer's full socket buffer, say enough).
     */
    void heartbeatIfIdle(long idleNanos) {
        boolean due = false;
        lock();
        try {
            if (!ended && state == IDLE && failure == null && System.nanoTime() - idleSinceNanos >= idleNanos) {
                filling.ensureWritable(SocketProtocol.HEADER_LENGTH);
                filling.writeIntLE(SocketProtocol.HEARTBEAT);
                state = FLUSHING;
                due = true;
            }
        } finally {
            unlock();
        }
        if (due) {
            flush();
        }
    }

    /** Takes the lock once no direct write runs (those take microseconds). */
    private void lockOutsideDirectWrite() {
        lock();
        while (state == DIRECT) {
            unlock();
            Thread.yield();
            lock();
        }
    }

    /** @return true once everything queued was written (or writing failed); false when the deadline came first */
    boolean awaitDrained(long deadlineNanos) {
        long park = 10_000;
        while (failure == null && !drained()) {
            long left = deadlineNanos - System.nanoTime();
            if (left <= 0 || !channel.isActive() || Thread.currentThread().isInterrupted()) {
                return false;
            }
            LockSupport.parkNanos(Math.min(left, park));
            park = Math.min(park * 2, 1_000_000);
        }
        return failure == null;
    }

    private boolean drained() {
        lock();
        try {
            return state == IDLE && !filling.isReadable() && inFlight == 0;
        } finally {
            unlock();
        }
    }

    /** Frees the buffers; call once the channel is closed (the one being written is freed when its write ends). */
    void dispose() {
        lockOutsideDirectWrite();
        try {
            ended = true;
            if (filling != null) {
                filling.release();
                filling = null;
            }
            if (spare != null) {
                spare.release();
                spare = null;
            }
        } finally {
            unlock();
        }
    }

    private void appendFrame(DirectBuffer buffer, int offset, int length) {
        ByteBuf out = filling;
        int frame = SocketProtocol.HEADER_LENGTH + length;
        out.ensureWritable(frame);
        int at = out.writerIndex();
        if (out.hasMemoryAddress()) {
            UnsafeBuffer view = writeView;
            view.wrap(out.memoryAddress() + at, frame);
            view.putInt(0, length, SocketProtocol.ORDER);
            view.putBytes(SocketProtocol.HEADER_LENGTH, buffer, offset, length);
        } else {
            ByteBuffer nio = out.internalNioBuffer(at, frame);
            int position = nio.position();
            nio.order(SocketProtocol.ORDER).putInt(position, length);
            buffer.getBytes(offset, nio, position + SocketProtocol.HEADER_LENGTH, length);
        }
        out.writerIndex(at + frame);
    }

    /** The sender writes what is queued straight to the socket; the event loop gets what the socket did not take. */
    private void writeDirect() {
        ByteBuf out = filling;
        int written;
        try {
            int from = out.readerIndex();
            int to = out.writerIndex();
            if (out.hasMemoryAddress()) {
                written = fd.writeAddress(out.memoryAddress(), from, to);
            } else {
                ByteBuffer nio = out.internalNioBuffer(from, to - from);
                written = fd.write(nio, nio.position(), nio.limit());
            }
        } catch (IOException e) {
            written = 0; // the event loop's write fails the same way and reports it through the usual path
        }
        boolean schedule = false;
        lock();
        try {
            out.skipBytes(written);
            if (out.isReadable()) {
                state = FLUSHING;
                schedule = true;
            } else {
                out.clear();
                becomeIdle();
            }
        } finally {
            unlock();
        }
        if (schedule) {
            channel.eventLoop().execute(flushTask);
        }
    }

    /** Event loop: writes the queued buffer, or goes idle when there is none. */
    private void flush() {
        ByteBuf out;
        lock();
        try {
            if (filling == null || !filling.isReadable() || inFlight > 0) {
                if (inFlight == 0) {
                    becomeIdle();
                }
                return;
            }
            out = filling;
            filling = spare != null ? spare : channel.alloc().directBuffer(INITIAL_BUFFER);
            spare = null;
            writing = out;
            inFlight = out.readableBytes();
        } finally {
            unlock();
        }
        channel.writeAndFlush(out.retain()).addListener(this::written); // our reference keeps it for reuse
    }

    /** Event loop: a buffer was written (or failed); write the next one in a fresh task, so others run between. */
    private void written(io.netty.util.concurrent.Future<? super Void> future) {
        boolean ok = future.isSuccess();
        if (!ok) {
            failure = future.cause();
            ((ChannelFuture) future).channel().close();
        }
        boolean more;
        ByteBuf done;
        lock();
        try {
            done = writing;
            writing = null;
            inFlight = 0;
            if (ok && spare == null && filling != null && done.capacity() <= SPARE_MAX) {
                spare = done.clear(); // written whole: Netty holds no part of it any more
                done = null;
            }
            more = failure == null && filling != null && filling.isReadable();
            if (!more) {
                becomeIdle();
            }
        } finally {
            unlock();
        }
        if (done != null) {
            done.release();
        }
        if (more) {
            channel.eventLoop().execute(flushTask);
        }
    }
}
