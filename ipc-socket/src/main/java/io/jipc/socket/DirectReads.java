package io.jipc.socket;

import java.io.IOException;
import java.lang.reflect.Method;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.jipc.PeerGoneException;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.epoll.Native;
import io.netty.channel.unix.FileDescriptor;

/**
 * Lets the receiving thread read the socket itself, so a message costs no hand-off from the event loop: the thread
 * waiting in {@code receive} (yielding, as the pipe's does) finds the bytes with one non-blocking {@code read} and
 * cuts the frames with the channel's {@link FrameDecoder}, exactly as the event loop would.
 * <p>
 * One reader at a time, by mode. {@code EVENT}: the event loop reads (a server's connection before it is accepted,
 * {@code Ipc.wait} registrations, closing). {@code USER}: the event loop is told not to read (auto-read off, and the
 * read and peer-hang-up interests removed, since Netty reads on a pending read or a hang-up even with auto-read off)
 * and the receiving thread reads. The switch to {@code USER} completes on the event loop, after anything it was reading was queued; the
 * switch back hands the decoder to the event loop through its task queue.
 * <p>
 * Only for the native epoll transport without TLS; {@link #of} returns null elsewhere.
 */
final class DirectReads {

    private static final Logger LOG = LoggerFactory.getLogger(DirectReads.class);
    private static final int READ_SIZE = 64 * 1024;
    private static final int EVENT = 0;
    private static final int TO_USER = 1;
    private static final int USER = 2;
    private static final Method CLEAR_FLAG;
    private static final Method SET_FLAG;

    static {
        Method clear = null;
        Method set = null;
        try {
            Class<?> epollChannel = Class.forName("io.netty.channel.epoll.AbstractEpollChannel");
            clear = epollChannel.getDeclaredMethod("clearFlag", int.class);
            set = epollChannel.getDeclaredMethod("setFlag", int.class);
            clear.setAccessible(true);
            set.setAccessible(true);
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            LOG.debug("reads stay on the event loop: {}", e.toString());
            clear = null;
            set = null;
        }
        CLEAR_FLAG = clear;
        SET_FLAG = set;
    }

    private final Channel channel;
    private final FileDescriptor fd;
    private final FrameDecoder decoder;
    private volatile int mode = EVENT;
    private ByteBuf spare;

    private DirectReads(Channel channel, FileDescriptor fd, FrameDecoder decoder) {
        this.channel = channel;
        this.fd = fd;
        this.decoder = decoder;
    }

    /** @return direct reads for this channel, or null when only the event loop can read it */
    static DirectReads of(Channel channel, FileDescriptor fd, FrameDecoder decoder) {
        if (fd == null || CLEAR_FLAG == null || Boolean.getBoolean("jipc.socket.eventLoopReads")) {
            return null;
        }
        return new DirectReads(channel, fd, decoder);
    }

    /** @return true while the event loop is the reader (any thread) */
    boolean eventLoopReads() {
        return mode != USER;
    }

    /**
     * Receiving thread, holding the inbox's lock: reads what the socket has, without blocking, and decodes it into
     * the inbox. In event mode it asks for the switch instead (done by the event loop; reads start on a later call).
     *
     * @param takeOver whether to ask for the switch when the event loop reads now
     * @return true when something arrived (bytes or the end of the stream)
     */
    boolean read(boolean takeOver) {
        int now = mode;
        if (now == EVENT) {
            if (!takeOver) {
                return false;
            }
            mode = TO_USER;
            channel.config().setAutoRead(false);
            channel.eventLoop().execute(this::becomeUser);
            return false;
        }
        if (now != USER) {
            return false;
        }
        ByteBuf buffer = decoder.readBuffer(channel.alloc(), READ_SIZE);
        if (buffer == null) {
            buffer = spare != null ? spare : channel.alloc().directBuffer(READ_SIZE);
        } else if (spare != null) {
            spare.release();
        }
        spare = null;
        int n;
        try {
            n = buffer.hasMemoryAddress()
                ? fd.readAddress(buffer.memoryAddress(), buffer.writerIndex(), buffer.capacity())
                : readNio(buffer);
        } catch (IOException e) {
            keepOrRelease(buffer);
            decoder.inputEnded(new PeerGoneException(decoder.endpoint(), "the connection failed: " + e.getMessage(), e));
            channel.close();
            return true;
        }
        if (n == 0) {
            if (buffer.isReadable()) {
                decoder.keep(buffer); // nothing yet: the partial frame stays where it is
            } else {
                spare = buffer; // nothing yet: keep the buffer for the next try
            }
            return false;
        }
        if (n < 0) {
            keepOrRelease(buffer);
            decoder.inputEnded(null);
            channel.close();
            return true;
        }
        buffer.writerIndex(buffer.writerIndex() + n);
        decoder.decode(buffer);
        return true;
    }

    /** A buffer that holds a partial frame goes back to the decoder (which reports and frees it); else it is freed. */
    private void keepOrRelease(ByteBuf buffer) {
        if (buffer.isReadable()) {
            decoder.keep(buffer);
        } else {
            buffer.release();
        }
    }

    private int readNio(ByteBuf buffer) throws IOException {
        java.nio.ByteBuffer nio = buffer.internalNioBuffer(buffer.writerIndex(), buffer.writableBytes());
        return fd.read(nio, nio.position(), nio.limit());
    }

    /** Event loop: nothing it read is pending any more; from now on the receiving thread reads. */
    private void becomeUser() {
        if (mode != TO_USER || !channel.isActive()) {
            mode = EVENT;
            return;
        }
        try {
            // auto-read off may leave a read pending, and Netty reads on a hang-up even without one: take both
            // interests away so that nothing but an error makes the event loop read this socket. EPOLLERR (reported
            // anyway) keeps the interest set from going empty, which Netty takes as leaving epoll altogether.
            SET_FLAG.invoke(channel, Native.EPOLLERR);
            CLEAR_FLAG.invoke(channel, Native.EPOLLIN);
            CLEAR_FLAG.invoke(channel, Native.EPOLLRDHUP);
            mode = USER;
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.debug("{}: reads stay on the event loop: {}", channel, e.toString());
            mode = EVENT;
            channel.config().setAutoRead(true);
        }
    }

    /**
     * Receiving thread holding the inbox's lock, or a closing thread: hands reading back to the event loop (it wakes
     * {@code Ipc.wait}, and sees the peer's end-of-stream while closing).
     */
    void toEventLoop() {
        if (mode == EVENT) {
            return;
        }
        mode = EVENT;
        if (spare != null) {
            spare.release();
            spare = null;
        }
        channel.eventLoop().execute(() -> {
            try {
                SET_FLAG.invoke(channel, Native.EPOLLRDHUP);
            } catch (ReflectiveOperationException | RuntimeException e) {
                LOG.debug("{}: cannot restore the hang-up interest: {}", channel, e.toString());
            }
        });
        channel.config().setAutoRead(true);
    }
}
