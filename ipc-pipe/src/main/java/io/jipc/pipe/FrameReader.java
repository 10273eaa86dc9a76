package io.jipc.pipe;

import java.io.IOException;
import java.io.InputStream;

import org.agrona.concurrent.UnsafeBuffer;

import io.jipc.Endpoint;
import io.jipc.FrameTooLargeException;
import io.jipc.HandshakeException;
import io.jipc.MessageHandler;
import io.jipc.ProtocolException;

/**
 * The receiving half of a pipe channel: reads what the stream has (never blocking: only bytes it reports
 * {@link InputStream#available() available}) into one buffer and hands out complete frames as zero-copy views.
 * The buffer grows to the largest frame seen, never beyond the announced maximum. One thread at a time.
 */
final class FrameReader {

    private static final int INITIAL_CAPACITY = 64 * 1024;

    private final Endpoint endpoint;
    private final InputStream in;
    private final int maxFrame;
    private byte[] bytes = new byte[INITIAL_CAPACITY];
    private final UnsafeBuffer view = new UnsafeBuffer(bytes);
    private int readPosition;
    private int writePosition;
    private boolean endOfStream;
    private int peerFlags;
    private int peerHeartbeatMillis;

    FrameReader(Endpoint endpoint, InputStream in, int maxFrame) {
        this.endpoint = endpoint;
        this.in = in;
        this.maxFrame = maxFrame;
    }

    /** @return true once the peer's end-of-stream frame was read */
    boolean endOfStream() {
        return endOfStream;
    }

    /** @return true when a whole frame (or an end-of-stream or bad header, which {@link #drain} reports) is buffered */
    boolean hasFrame() {
        while (true) {
            int available = writePosition - readPosition;
            if (endOfStream || available < PipeProtocol.HEADER_LENGTH) {
                return false;
            }
            int length = view.getInt(readPosition, PipeProtocol.ORDER);
            if (length == PipeProtocol.HEARTBEAT) {
                readPosition += PipeProtocol.HEADER_LENGTH; // a heartbeat alone makes nothing ready
                continue;
            }
            return length < 0 || length > maxFrame || available >= PipeProtocol.HEADER_LENGTH + length;
        }
    }

    /** @return the handshake flags the peer sent ({@link PipeProtocol#FLAG_HEARTBEATS}) */
    int peerFlags() {
        return peerFlags;
    }

    /** @return the heartbeat interval the peer asked this side to send at, in ms; 0 for none */
    int peerHeartbeatMillis() {
        return peerHeartbeatMillis;
    }

    /** @return bytes buffered but not yet handed out (part of a frame, when no whole frame is waiting) */
    int buffered() {
        return writePosition - readPosition;
    }

    /**
     * Reads whatever the stream has without blocking.
     *
     * @return the number of bytes read; 0 when none was available; -1 at the end of the stream
     */
    int fill() throws IOException {
        int available = in.available();
        if (available <= 0) {
            return 0;
        }
        if (writePosition == bytes.length) {
            compact();
            if (writePosition == bytes.length) {
                grow(bytes.length * 2L);
            }
        }
        int n = in.read(bytes, writePosition, bytes.length - writePosition);
        if (n > 0) {
            writePosition += n;
        }
        return n;
    }

    /**
     * Hands complete frames to {@code handler}.
     *
     * @return the number of messages handled
     * @throws FrameTooLargeException for a header above the maximum (checked before any allocation)
     * @throws ProtocolException for a header that is no frame
     */
    int drain(MessageHandler handler, int limit) {
        int handled = 0;
        while (handled < limit && !endOfStream) {
            int available = writePosition - readPosition;
            if (available < PipeProtocol.HEADER_LENGTH) {
                break;
            }
            int length = view.getInt(readPosition, PipeProtocol.ORDER);
            if (length < 0) {
                if (length == PipeProtocol.HEARTBEAT) {
                    readPosition += PipeProtocol.HEADER_LENGTH; // proof of life, nothing to hand out
                    continue;
                }
                if (length == PipeProtocol.END_OF_STREAM) {
                    endOfStream = true;
                    readPosition += PipeProtocol.HEADER_LENGTH;
                    break;
                }
                throw new ProtocolException(endpoint, "invalid frame header " + length + " (0x"
                    + Integer.toHexString(length) + "): expected a length from 0 to " + maxFrame
                    + ", -1 for end of stream or -2 for a heartbeat");
            }
            if (length > maxFrame) {
                throw new FrameTooLargeException(endpoint, "the peer announced a frame of " + length
                    + " bytes; this channel accepts at most " + maxFrame + " (set ?maxMessage= to raise it)");
            }
            int frame = PipeProtocol.HEADER_LENGTH + length;
            if (available < frame) {
                if (frame > bytes.length) {
                    compact();
                    grow(frame);
                } else if (readPosition + frame > bytes.length) {
                    compact();
                }
                break;
            }
            readPosition += frame;
            handled++;
            handler.onMessage(view, readPosition - length, length);
        }
        if (readPosition == writePosition) {
            readPosition = 0;
            writePosition = 0;
        }
        return handled;
    }

    /**
     * Takes the peer's handshake from the buffered bytes, when all of it is there.
     *
     * @return the peer's maximum frame length, or -1 when more bytes are needed
     * @throws HandshakeException when the bytes so far are not a jipc handshake of our version
     */
    int handshake() {
        int available = writePosition - readPosition;
        int magicBytes = Math.min(available, 4);
        for (int i = 0; i < magicBytes; i++) {
            if (bytes[readPosition + i] != (byte) (PipeProtocol.MAGIC >>> (8 * i))) {
                throw new HandshakeException(endpoint, "expected the jipc handshake (magic \"JIPC\"), received "
                    + PipeProtocol.describe(bytes, readPosition, available)
                    + ": the peer is not a jipc channel, or printed to its stdout");
            }
        }
        if (available < PipeProtocol.HANDSHAKE_LENGTH) {
            return -1;
        }
        int version = view.getShort(readPosition + PipeProtocol.VERSION_OFFSET, PipeProtocol.ORDER) & 0xFFFF;
        if (version != PipeProtocol.VERSION) {
            throw new HandshakeException(endpoint, "expected protocol version " + PipeProtocol.VERSION + ", found " + version);
        }
        int peerMax = view.getInt(readPosition + PipeProtocol.MAX_FRAME_OFFSET, PipeProtocol.ORDER);
        if (peerMax <= 0) {
            throw new HandshakeException(endpoint, "the peer announced an invalid maximum frame length " + peerMax);
        }
        peerFlags = view.getShort(readPosition + PipeProtocol.FLAGS_OFFSET, PipeProtocol.ORDER) & 0xFFFF;
        peerHeartbeatMillis = view.getInt(readPosition + PipeProtocol.HEARTBEAT_INTERVAL_OFFSET, PipeProtocol.ORDER);
        if (peerHeartbeatMillis < 0) {
            throw new HandshakeException(endpoint, "the peer asked for heartbeats every " + (peerHeartbeatMillis & 0xFFFFFFFFL)
                + " ms: not an interval (at most 2^31-1 ms)");
        }
        readPosition += PipeProtocol.HANDSHAKE_LENGTH;
        if (readPosition == writePosition) {
            readPosition = 0;
            writePosition = 0;
        }
        return peerMax;
    }

    /** @return a description of the buffered bytes, for errors */
    String describeBuffered() {
        return PipeProtocol.describe(bytes, readPosition, writePosition - readPosition);
    }

    private void compact() {
        int remaining = writePosition - readPosition;
        if (readPosition > 0) {
            System.arraycopy(bytes, readPosition, bytes, 0, remaining);
            readPosition = 0;
            writePosition = remaining;
        }
    }

    private void grow(long atLeast) {
        long limit = (long) maxFrame + PipeProtocol.HEADER_LENGTH;
        int capacity = (int) Math.min(Math.max(atLeast, bytes.length * 2L), Math.max(limit, bytes.length));
        if (capacity > bytes.length) {
            byte[] larger = new byte[capacity];
            System.arraycopy(bytes, readPosition, larger, 0, writePosition - readPosition);
            writePosition -= readPosition;
            readPosition = 0;
            bytes = larger;
            view.wrap(bytes);
        }
    }
}
