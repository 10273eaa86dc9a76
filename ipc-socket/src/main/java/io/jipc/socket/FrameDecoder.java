package io.jipc.socket;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.jipc.Endpoint;
import io.jipc.FrameTooLargeException;
import io.jipc.IpcException;
import io.jipc.PeerGoneException;
import io.jipc.ProtocolException;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;

/**
 * Cuts the byte stream into whole frames on the event loop and hands them to the {@link Inbox} a read at a time:
 * one slice of many frames per socket read, not one object per message. Each header is checked as soon as its four
 * bytes arrive, before any buffer is sized for its payload: a length over this side's maximum is
 * {@link FrameTooLargeException}, a negative one other than end-of-stream ({@code -1}) is {@link ProtocolException};
 * either closes the connection with a logged reason. A heartbeat ({@code -2}) is proof of life and is skipped. Netty's {@code LengthFieldBasedFrameDecoder} is not used: it
 * reads the header unsigned, turning {@code -1} into a too-long frame and then discarding the next frame.
 * <p>
 * Only the bytes of a frame split across reads are copied, into a buffer sized once from its checked header.
 */
final class FrameDecoder extends ChannelInboundHandlerAdapter {

    private static final Logger LOG = LoggerFactory.getLogger(FrameDecoder.class);

    private final Endpoint endpoint;
    private final Inbox inbox;
    private final int maxFrame;
    private ByteBuf partial;
    private boolean ended;
    private ChannelHandlerContext context;
    /** Set when the receiving thread may read the socket itself; null when only the event loop reads. */
    private DirectReads direct;
    /** The peer announced heartbeats in its hello: a {@code -2} header is one, not a protocol error. */
    private boolean heartbeats;

    FrameDecoder(Endpoint endpoint, Inbox inbox, int maxFrame) {
        this.endpoint = endpoint;
        this.inbox = inbox;
        this.maxFrame = maxFrame;
    }

    void direct(DirectReads reads) {
        this.direct = reads;
    }

    /** The peer understands heartbeats (its hello said so): accept its {@code -2} frames. Before the first read. */
    void acceptHeartbeats() {
        this.heartbeats = true;
    }

    Endpoint endpoint() {
        return endpoint;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.context = ctx;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object message) {
        if (direct != null && !direct.eventLoopReads()) {
            // the receiving thread owns the stream; Netty read on an error event: the connection is failing
            ((ByteBuf) message).release();
            inbox.end(new Inbox.End(false, new PeerGoneException(endpoint, "the connection was reset")));
            ctx.close();
            return;
        }
        decode(ctx, (ByteBuf) message);
    }

    /** The receiving thread's read, when it owns the stream ({@link DirectReads}). */
    void decode(ByteBuf in) {
        decode(context, in);
    }

    private void decode(ChannelHandlerContext ctx, ByteBuf in) {
        if (ended) {
            in.release(); // after the peer's end-of-stream or a protocol error: nothing more is read
            return;
        }
        if (inbox.watchesLiveness()) {
            inbox.heard();
        }
        ByteBuf data = in;
        if (partial != null) {
            data = append(ctx, in);
        }
        int start = data.readerIndex();
        int scan = start;
        int end = data.writerIndex();
        IpcException failure = null;
        boolean endOfStream = false;
        while (end - scan >= SocketProtocol.HEADER_LENGTH) {
            int size = data.getIntLE(scan);
            if (size >= 0 && size <= maxFrame) {
                if (end - scan - SocketProtocol.HEADER_LENGTH < size) {
                    break;
                }
                scan += SocketProtocol.HEADER_LENGTH + size;
            } else if (size == SocketProtocol.END_OF_STREAM) {
                endOfStream = true;
                break;
            } else if (size == SocketProtocol.HEARTBEAT && heartbeats) { // proof of life, nothing to deliver: cut the batch around it
                if (scan > start) {
                    inbox.add(data.retainedSlice(start, scan - start));
                }
                scan += SocketProtocol.HEADER_LENGTH;
                start = scan;
            } else if (size > maxFrame) {
                failure = new FrameTooLargeException(endpoint, "the peer sent a frame of " + size
                    + " bytes, over the maximum of " + maxFrame + " bytes this side accepts; connection closed");
                break;
            } else {
                failure = new ProtocolException(endpoint, "the peer sent an invalid frame header " + size
                    + " (0x" + Integer.toHexString(size) + "): a length, -1 for end of stream or -2 for a heartbeat; "
                    + "connection closed");
                break;
            }
        }
        if (scan > start) {
            inbox.add(data.retainedSlice(start, scan - start));
        }
        data.readerIndex(scan);
        if (endOfStream || failure != null) {
            ended = true;
            data.release();
            partial = null;
            if (failure != null) {
                LOG.warn("{}: closing the connection from {}: {}", endpoint, ctx.channel().remoteAddress(),
                    failure.getMessage());
                inbox.end(new Inbox.End(false, failure));
                ctx.close();
            } else {
                inbox.end(new Inbox.End(true, null));
            }
            return;
        }
        keepPartial(ctx, data);
    }

    /** Appends a read to the partial frame kept from the previous reads; returns the buffer to scan. */
    private ByteBuf append(ChannelHandlerContext ctx, ByteBuf in) {
        ByteBuf kept = partial;
        partial = null;
        if (kept.refCnt() == 1 && kept.writableBytes() >= in.readableBytes()) {
            kept.writeBytes(in);
            in.release();
            return kept;
        }
        int needed = kept.readableBytes() + in.readableBytes();
        if (kept.readableBytes() >= SocketProtocol.HEADER_LENGTH) {
            int size = kept.getIntLE(kept.readerIndex());
            needed = Math.max(needed, SocketProtocol.HEADER_LENGTH + size); // size was checked when it arrived
        }
        ByteBuf merged = ctx.alloc().directBuffer(needed);
        merged.writeBytes(kept);
        merged.writeBytes(in);
        kept.release();
        in.release();
        return merged;
    }

    private void keepPartial(ChannelHandlerContext ctx, ByteBuf data) {
        if (!data.isReadable()) {
            data.release();
            return;
        }
        partial = data;
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (direct != null && !direct.eventLoopReads()) {
            // the receiving thread owns the stream and reads its end; this only makes sure waiters wake
            inbox.end(new Inbox.End(false, new PeerGoneException(endpoint, "the connection was closed")));
        } else {
            inputEnded(null);
        }
        ctx.fireChannelInactive();
    }

    /**
     * The stream ended without end-of-stream (the reader's thread, whichever owns the stream).
     *
     * @param failure what failed, or null for a connection closed by the peer
     */
    void inputEnded(PeerGoneException failure) {
        if (!ended) {
            ended = true;
            String detail = partial != null && partial.isReadable()
                ? " in the middle of a frame (" + partial.readableBytes() + " bytes of it arrived)" : "";
            inbox.end(new Inbox.End(false, failure != null ? failure : new PeerGoneException(endpoint,
                "the connection was closed without end-of-stream" + detail + ": the peer process died or was killed, "
                    + "or the network failed")));
        }
        releasePartial();
    }

    /**
     * The receiving thread's next read buffer: the kept partial frame itself when it has room, else a fresh buffer
     * that starts with the partial frame's bytes (a small copy; sized for the whole frame when its header is known),
     * so the bytes read next are never copied again.
     */
    ByteBuf readBuffer(io.netty.buffer.ByteBufAllocator alloc, int size) {
        ByteBuf kept = partial;
        if (kept == null) {
            return null;
        }
        partial = null;
        if (kept.refCnt() == 1 && kept.writableBytes() >= Math.min(size, 4096)) {
            return kept;
        }
        int frame = kept.readableBytes() >= SocketProtocol.HEADER_LENGTH
            ? SocketProtocol.HEADER_LENGTH + kept.getIntLE(kept.readerIndex()) : 0; // a length checked on arrival
        ByteBuf fresh = alloc.directBuffer(Math.max(kept.readableBytes() + size, frame));
        fresh.writeBytes(kept);
        kept.release();
        return fresh;
    }

    /** The receiving thread gives back a read buffer that holds only the kept partial frame (nothing was read). */
    void keep(ByteBuf buffer) {
        partial = buffer;
    }

    /** Frees a kept partial frame (the owner of the stream, or a closing thread once it owns it). */
    void releasePartial() {
        if (partial != null) {
            partial.release();
            partial = null;
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (!ended) {
            ended = true;
            LOG.debug("{}: connection from {} failed: {}", endpoint, ctx.channel().remoteAddress(), cause.toString());
            inbox.end(new Inbox.End(false, new PeerGoneException(endpoint, "the connection failed: " + cause.getMessage(), cause)));
        }
        ctx.close();
    }
}
