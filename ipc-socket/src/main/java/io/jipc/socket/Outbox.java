package io.jipc.socket;

import java.io.IOException;
import java.nio.ByteBuffer;

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
 * A lone message (the previous offer returned more than {@link #LONE_GAP_NANOS} ago, as in request/reply) is
 * written by the offering thread itself, straight to the socket, when nothing else is queued and the native epoll
 * transport without TLS gives the file descriptor: no hand-off to the event loop, no wake-up of it. What the socket
 * does not take at once goes to the event loop like any other buffer.
 * <p>
 * Bounded: {@link #offer} says no while {@code limit} bytes are queued or being written (a single larger message is
 * taken when nothing else is pending). Nothing is dropped.
 * <p>
 * Threads: {@link #offer} from one sending thread at a time; {@link #offerEnd} and {@link #awaitDrained} from any;
 * the rest on the event loop. The monitor guards the buffer and the state; direct writes run outside it, owned by
 * the sender through {@link #DIRECT}.
 */
final class Outbox {

    /** A message offered this long after the previous one is lone: written directly, when possible. */
    static final long LONE_GAP_NANOS = 2_000;
    /** Largest queue for a direct write. */
    private static final int DIRECT_MAX = 16 * 1024;
    private static final int INITIAL_BUFFER = 16 * 1024;

    private static final int IDLE = 0;
    private static final int DIRECT = 1;
    private static final int FLUSHING = 2;

    private final Channel channel;
    private final FileDescriptor fd;
    private final int limit;
    private final Runnable flushTask = this::flush;
    private final UnsafeBuffer writeView = new UnsafeBuffer(0, 0);

    private ByteBuf filling;
    private long inFlight;
    private int state = IDLE;
    private boolean ended;
    private volatile Throwable failure;
    /** The sender's own. */
    private long lastOfferNanos;

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
        boolean lone = false;
        if (fd != null) {
            long now = System.nanoTime();
            lone = now - lastOfferNanos >= LONE_GAP_NANOS;
            lastOfferNanos = now;
        }
        boolean direct = false;
        boolean schedule = false;
        synchronized (this) {
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
                if (lone && filling.readableBytes() <= DIRECT_MAX && failure == null) {
                    state = DIRECT;
                    direct = true;
                } else {
                    state = FLUSHING;
                    schedule = true;
                }
            }
        }
        if (direct) {
            writeDirect();
            lastOfferNanos = System.nanoTime(); // the gap to the next offer counts from here: a stream stays a stream
        } else if (schedule) {
            channel.eventLoop().execute(flushTask);
        }
        return true;
    }

    /** Queues the end-of-stream header after everything accepted; nothing is taken after it. */
    void offerEnd() {
        boolean schedule = false;
        synchronized (this) {
            while (state == DIRECT) {
                waitBriefly(); // the sender is writing from the buffer: do not grow it under its feet
            }
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
        }
        if (schedule) {
            channel.eventLoop().execute(flushTask);
        }
    }

    /** @return true once everything queued was written (or writing failed); false when the deadline came first */
    synchronized boolean awaitDrained(long deadlineNanos) {
        while (failure == null && (state != IDLE || filling.isReadable() || inFlight > 0)) {
            long left = deadlineNanos - System.nanoTime();
            if (left <= 0 || !channel.isActive()) {
                return false;
            }
            try {
                wait(Math.max(1, Math.min(left / 1_000_000, 10)));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return failure == null;
    }

    /** Frees the queued buffer; call once the channel is closed. */
    synchronized void dispose() {
        while (state == DIRECT) {
            waitBriefly();
        }
        ended = true;
        if (filling != null) {
            filling.release();
            filling = null;
        }
    }

    private void waitBriefly() {
        try {
            wait(1);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
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
        synchronized (this) {
            out.skipBytes(written);
            if (out.isReadable()) {
                state = FLUSHING;
                schedule = true;
            } else {
                out.clear();
                state = IDLE;
            }
            notifyAll();
        }
        if (schedule) {
            channel.eventLoop().execute(flushTask);
        }
    }

    /** Event loop: writes the queued buffer, or goes idle when there is none. */
    private void flush() {
        ByteBuf out;
        synchronized (this) {
            if (filling == null || !filling.isReadable() || inFlight > 0) {
                if (inFlight == 0) {
                    state = IDLE;
                    notifyAll();
                }
                return;
            }
            out = filling;
            filling = channel.alloc().directBuffer(Math.max(INITIAL_BUFFER, Math.min(out.capacity(), limit)));
            inFlight = out.readableBytes();
        }
        channel.writeAndFlush(out).addListener(this::written);
    }

    /** Event loop: a buffer was written (or failed); write the next one in a fresh task, so others run between. */
    private void written(io.netty.util.concurrent.Future<? super Void> future) {
        if (!future.isSuccess()) {
            failure = future.cause();
            ((ChannelFuture) future).channel().close();
        }
        boolean more;
        synchronized (this) {
            inFlight = 0;
            more = failure == null && filling != null && filling.isReadable();
            if (!more) {
                state = IDLE;
                notifyAll();
            }
        }
        if (more) {
            channel.eventLoop().execute(flushTask);
        }
    }
}
