package io.jipc.socket;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;

import org.agrona.concurrent.UnsafeBuffer;

import io.jipc.Endpoint;
import io.jipc.IpcException;
import io.jipc.MessageHandler;
import io.jipc.PeerGoneException;
import io.jipc.PeerUnresponsiveException;
import io.jipc.Waitable;
import io.netty.buffer.ByteBuf;

/**
 * What the event loop received for one channel, waiting for the receiving thread: batches of whole frames (one per
 * socket read, never one per message), then at most one end (the peer's end-of-stream, a lost connection, or a
 * protocol error). The receiving thread walks the frames of a batch in place: zero copy, no allocation.
 * <p>
 * Bounded: past {@code limit} unread bytes the event loop stops reading the socket (Netty's auto-read), so a slow
 * receiver pushes back on the peer through TCP's window; reading resumes below half the limit. Where
 * {@link DirectReads} allows, the receiving thread reads the socket itself when the queue is empty, and the event
 * loop reads only for {@code Ipc.wait} (and for 20 ms after it) and while closing.
 * <p>
 * Threads: {@link #add} and {@link #end} on the event loop; {@link #drain} and {@link #isReady} on the receiving
 * thread (one at a time); {@link #dispose} from any.
 */
final class Inbox {

    /** How the stream ended, when it did. */
    record End(boolean endOfStream, IpcException failure) {
    }

    private final Endpoint endpoint;
    private final long limit;
    private final Queue<ByteBuf> batches = new ConcurrentLinkedQueue<>();
    private final AtomicLong unread = new AtomicLong();
    private final AtomicBoolean paused = new AtomicBoolean();
    private final CopyOnWriteArrayList<Runnable> wakeUps = new CopyOnWriteArrayList<>();
    private final ReentrantLock draining = new ReentrantLock();
    /**
     * How long after an {@code Ipc.wait} registration reading stays with the event loop: a loop of waits and polls
     * would otherwise hand reading back and forth every round.
     */
    private static final long WAIT_QUIET_NANOS = 20_000_000L;

    private volatile End end;
    private volatile long lastWaitNanos = System.nanoTime() - WAIT_QUIET_NANOS;
    private volatile boolean disposed;
    private io.netty.channel.Channel channel;
    /** The receiving thread's own reads of the socket, or null. */
    private DirectReads direct;
    /** The liveness timeout in ns, 0 when not watched; set before the channel is handed out. */
    private long livenessNanos;
    /** Who the peer is, for the unresponsive verdict. */
    private String peerDescription;
    /** When bytes last came from the peer (any frame or heartbeat), while liveness is watched. */
    private volatile long lastHeardNanos;

    // the receiving thread's: the batch being read
    private ByteBuf current;
    private final UnsafeBuffer view = new UnsafeBuffer(0, 0);
    private int position;
    private int length;

    Inbox(Endpoint endpoint, long limit) {
        this.endpoint = endpoint;
        this.limit = limit;
    }

    /** Attaches the Netty channel whose reading this inbox pauses and resumes. */
    void attach(io.netty.channel.Channel nettyChannel, DirectReads reads) {
        this.channel = nettyChannel;
        this.direct = reads;
    }

    /**
     * Watches the peer's liveness: a peer heard from (a frame or a heartbeat) less often than {@code timeoutNanos}
     * ends the stream with {@link PeerUnresponsiveException}. Before the channel is handed out.
     */
    void watchLiveness(long timeoutNanos, String peer) {
        this.peerDescription = peer;
        this.lastHeardNanos = System.nanoTime();
        this.livenessNanos = timeoutNanos;
    }

    /** @return true when {@link #heard} must be called for every read */
    boolean watchesLiveness() {
        return livenessNanos > 0;
    }

    /** Bytes came from the peer (whichever thread read them). */
    void heard() {
        lastHeardNanos = System.nanoTime();
    }

    /** Ends the stream when the peer has been silent past the liveness timeout (receiving thread, after a read). */
    private void checkLiveness() {
        long silent = System.nanoTime() - lastHeardNanos;
        if (silent > livenessNanos && end == null) {
            end(new End(false, new PeerUnresponsiveException(endpoint, peerDescription
                + " sent nothing, not even a heartbeat, for " + silent / 1_000_000 + " ms, over the liveness timeout of "
                + java.time.Duration.ofNanos(livenessNanos) + ": it is alive but not responding (stopped, swapped out, "
                + "wedged) or unreachable; the connection is closed")));
            if (channel != null) {
                channel.close();
            }
        }
    }

    // ---- event loop side ----

    /** Queues a batch of whole, checked frames (takes ownership). */
    void add(ByteBuf batch) {
        if (disposed) {
            batch.release();
            return;
        }
        int bytes = batch.readableBytes();
        batches.add(batch);
        if (disposed) {
            releaseQueued();
            return;
        }
        if (unread.addAndGet(bytes) > limit && paused.compareAndSet(false, true)) {
            channel.config().setAutoRead(false);
            if (unread.get() <= limit / 2) {
                resume();
            }
        }
        wake();
    }

    /** Records how the stream ended, after every batch before it. The first end counts. */
    void end(End how) {
        if (end == null) {
            end = how;
        }
        wake();
    }

    End ended() {
        return end;
    }

    /** @return true when the peer's end-of-stream arrived */
    boolean peerClosed() {
        End e = end;
        return e != null && e.endOfStream();
    }

    private void wake() {
        if (!wakeUps.isEmpty()) {
            for (Runnable wakeUp : wakeUps) {
                wakeUp.run();
            }
        }
    }

    Waitable.Registration onReady(Runnable wakeUp) {
        wakeUps.add(wakeUp);
        return () -> wakeUps.remove(wakeUp);
    }

    // ---- receiving side ----

    /**
     * Hands up to {@code max} messages to {@code handler}. A message is consumed before its handler runs.
     *
     * @return how many were handled; 0 when none waits and the stream has not ended
     * @throws IpcException how the stream ended, once every message before the end was handled
     */
    int drain(MessageHandler handler, int max) {
        ReentrantLock lock = draining;
        lock.lock();
        try {
            int handled = drainQueued(handler, max);
            if (handled == 0 && direct != null && !disposed && end == null
                && direct.read(System.nanoTime() - lastWaitNanos > WAIT_QUIET_NANOS)) {
                handled = drainQueued(handler, max);
            }
            if (handled == 0 && !disposed) {
                if (livenessNanos > 0 && end == null) {
                    checkLiveness();
                }
                End e = end;
                if (e != null && current == null && batches.isEmpty()) {
                    throw e.endOfStream() ? new PeerGoneException(endpoint, "the peer closed the channel") : e.failure();
                }
            }
            return handled;
        } finally {
            if (disposed) {
                releaseCurrent();
                releaseQueued();
            }
            lock.unlock();
        }
    }

    private int drainQueued(MessageHandler handler, int max) {
        int handled = 0;
        while (handled < max && !disposed) {
            if (current == null && !next()) {
                break;
            }
            if (position >= length) {
                finishBatch();
                continue;
            }
            int size = view.getInt(position, SocketProtocol.ORDER);
            int start = position + SocketProtocol.HEADER_LENGTH;
            position = start + size;
            handled++;
            handler.onMessage(view, start, size);
        }
        return handled;
    }

    /** @return true when batches wait that the receiving thread has not started on (any thread) */
    boolean hasQueued() {
        return !batches.isEmpty();
    }

    /** @return true when a message or the end of the stream waits (reading the socket, when this thread may) */
    boolean isReady() {
        if (current != null && position < length || end != null || !batches.isEmpty()) {
            return true;
        }
        if (direct != null && !direct.eventLoopReads() && draining.tryLock()) {
            try {
                direct.read(false);
            } finally {
                draining.unlock();
            }
            if (end != null || !batches.isEmpty()) {
                return true;
            }
        }
        if (livenessNanos > 0 && end == null) {
            checkLiveness(); // a silent peer makes the channel ready: the next poll says why
            return end != null;
        }
        return false;
    }

    /**
     * Registers a wake-up from the event loop: reading goes back to the event loop, which is what can wake a waiter.
     * Called from the receiving thread.
     */
    Waitable.Registration onReadyFromEventLoop(Runnable wakeUp) {
        if (direct != null) {
            lastWaitNanos = System.nanoTime();
            draining.lock();
            try {
                direct.toEventLoop();
            } finally {
                draining.unlock();
            }
        }
        return onReady(wakeUp);
    }

    /** Closing: hands reading back to the event loop (to see the peer's end), once no reader runs, or by the deadline. */
    void toEventLoopForClose(long deadlineNanos) {
        if (direct == null) {
            return;
        }
        try {
            if (draining.tryLock(Math.max(0, deadlineNanos - System.nanoTime()), java.util.concurrent.TimeUnit.NANOSECONDS)) {
                try {
                    direct.toEventLoop();
                } finally {
                    draining.unlock();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private boolean next() {
        ByteBuf batch = batches.poll();
        if (batch == null) {
            return false;
        }
        current = batch;
        int readable = batch.readableBytes();
        if (batch.hasMemoryAddress()) {
            view.wrap(batch.memoryAddress() + batch.readerIndex(), readable);
        } else if (batch.hasArray()) {
            view.wrap(batch.array(), batch.arrayOffset() + batch.readerIndex(), readable);
        } else {
            view.wrap(batch.nioBuffer(batch.readerIndex(), readable));
        }
        position = 0;
        length = readable;
        return true;
    }

    private void finishBatch() {
        int bytes = length;
        releaseCurrent();
        if (unread.addAndGet(-bytes) <= limit / 2 && paused.get()) {
            resume();
        }
    }

    private void resume() {
        if (paused.compareAndSet(true, false) && (direct == null || direct.eventLoopReads())) {
            channel.config().setAutoRead(true);
        }
    }

    private void releaseCurrent() {
        if (current != null) {
            view.wrap(0, 0);
            current.release();
            current = null;
            position = 0;
            length = 0;
        }
    }

    private void releaseQueued() {
        ByteBuf batch;
        while ((batch = batches.poll()) != null) {
            batch.release();
        }
    }

    /**
     * Drops everything unread and every later batch: the channel is closing. Releases the batch being read at once
     * when no handler runs, else when the running handler returns.
     */
    void dispose() {
        disposed = true;
        if (draining.tryLock()) {
            try {
                releaseCurrent();
                releaseQueued();
            } finally {
                draining.unlock();
            }
        } else {
            releaseQueued();
        }
        if (paused.compareAndSet(true, false) && channel != null && (direct == null || direct.eventLoopReads())) {
            channel.config().setAutoRead(true); // keep reading (and discarding) until the peer's end arrives
        }
        wake();
    }
}
