package io.jipc.manager;

import static io.jipc.manager.ManagerProtocol.FRAME_HEADER;
import static io.jipc.manager.ManagerProtocol.LENGTH_BYTES;
import static io.jipc.manager.ManagerProtocol.ORDER;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.agrona.DirectBuffer;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.collections.IntHashSet;

import io.jipc.Channel;
import io.jipc.ProtocolException;
import io.jipc.codec.Codec;
import io.jipc.codec.CodecException;
import io.jipc.internal.Lambdas;

/**
 * One client channel to a manager, used by one thread at a time: a request is written into {@link #out}, sent, and
 * its reply read into {@link #frames} before the channel serves the next. Remembers which lambda shapes the manager
 * already has on this channel.
 */
final class Connection {

    final Channel channel;
    private final Frames frames;
    private final ExpandableArrayBuffer out = new ExpandableArrayBuffer(256);
    private final IntHashSet shapes = new IntHashSet();
    /** Bytes of the request written so far, after the frame header. */
    private int length;

    Connection(Channel channel) {
        this.channel = channel;
        this.frames = new Frames(channel, ManagerProtocol.MAX_MESSAGE);
    }

    /** Starts a request with its type byte. */
    void begin(byte type) {
        out.putByte(FRAME_HEADER, type);
        length = 1;
    }

    /** Starts a CALL. */
    void call(Op op, int method, int handle) {
        out.putByte(FRAME_HEADER, ManagerProtocol.CALL);
        out.putByte(FRAME_HEADER + ManagerProtocol.CALL_OP_OFFSET, op.code());
        out.putShort(FRAME_HEADER + ManagerProtocol.CALL_METHOD_OFFSET, (short) method, ORDER);
        out.putInt(FRAME_HEADER + ManagerProtocol.CALL_HANDLE_OFFSET, handle, ORDER);
        length = ManagerProtocol.CALL_HEADER;
    }

    /** Writes a byte, an int or a long at a fixed offset of the request (a header field). */
    void putByte(int offset, byte value) {
        out.putByte(FRAME_HEADER + offset, value);
    }

    void putInt(int offset, int value) {
        out.putInt(FRAME_HEADER + offset, value, ORDER);
    }

    void putLong(int offset, long value) {
        out.putLong(FRAME_HEADER + offset, value, ORDER);
    }

    /** Moves the end of the request to {@code offset} (after header fields). */
    void skipTo(int offset) {
        length = offset;
    }

    /** Appends a string (length, UTF-8; -1 for null). */
    void string(String s) {
        int at = FRAME_HEADER + length;
        if (s == null) {
            out.putInt(at, -1, ORDER);
            length += LENGTH_BYTES;
            return;
        }
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        out.putInt(at, bytes.length, ORDER);
        out.putBytes(at + LENGTH_BYTES, bytes);
        length += LENGTH_BYTES + bytes.length;
    }

    /**
     * Appends an argument: a value in the codec, or a function ({@link Shipped}) as its shape and captured values.
     *
     * @throws io.jipc.codec.CodecException when it cannot be encoded (nothing was sent)
     */
    void argument(Object value, Codec<Object> codec) {
        int at = FRAME_HEADER + length;
        int n;
        if (value instanceof Shipped function) {
            n = function(function, codec, at + LENGTH_BYTES);
        } else {
            n = codec.encode(value, out, at + LENGTH_BYTES);
        }
        out.putInt(at, n, ORDER);
        length += LENGTH_BYTES + n;
    }

    private int function(Shipped function, Codec<Object> codec, int at) {
        boolean known = shapes.contains(function.id());
        byte[] shape = known ? new byte[0] : function.shape();
        out.putInt(at, function.id(), ORDER);
        out.putInt(at + LENGTH_BYTES, shape.length, ORDER);
        out.putBytes(at + 2 * LENGTH_BYTES, shape);
        int captured = at + 2 * LENGTH_BYTES + shape.length;
        int n = captured - at + Lambdas.encodeCaptured(function.lambda(), codec, out, captured);
        if (!known) {
            shapes.add(function.id()); // the manager keeps it (or its refusal) from now on
        }
        return n;
    }

    /**
     * Sends the request written.
     *
     * @throws io.jipc.IpcTimeoutException when the channel found no room in time
     * @throws CodecException when the request is longer than the manager reads (nothing was sent)
     */
    void send(Duration timeout) {
        if (length > ManagerProtocol.MAX_MESSAGE) {
            throw new CodecException("a request of " + ManagerProtocol.tooLong(length), null);
        }
        Frames.send(channel, out, length, timeout);
    }

    /**
     * Waits for the reply to the request sent.
     *
     * @param timeout how long; null to wait until it comes or the channel ends
     * @return its status
     * @throws ProtocolException when it is not a REPLY
     */
    byte receive(Duration timeout) {
        frames.receive(timeout);
        if (frames.length() < ManagerProtocol.REPLY_HEADER
            || frames.message().getByte(ManagerProtocol.TYPE_OFFSET) != ManagerProtocol.REPLY) {
            throw new ProtocolException(channel.endpoint(), "the manager answered with " + frames.length()
                + " bytes that are not a REPLY");
        }
        return frames.message().getByte(ManagerProtocol.REPLY_STATUS_OFFSET);
    }

    /** Waits for the WELCOME, the first message of the manager. @return the message */
    DirectBuffer welcome(Duration timeout) {
        frames.receive(timeout);
        if (frames.length() < ManagerProtocol.WELCOME_HEADER
            || frames.message().getByte(ManagerProtocol.TYPE_OFFSET) != ManagerProtocol.WELCOME) {
            throw new ProtocolException(channel.endpoint(), "the peer answered HELLO with " + frames.length()
                + " bytes that are not a WELCOME (not a jipc manager?)");
        }
        return frames.message();
    }

    /** @return the reply's body as one value */
    Object value(Codec<Object> codec) {
        return codec.decode(frames.message(), ManagerProtocol.REPLY_HEADER, frames.length() - ManagerProtocol.REPLY_HEADER);
    }

    /** @return the reply's body as a list of values */
    List<Object> values(Codec<Object> codec) {
        DirectBuffer message = frames.message();
        int end = frames.length();
        int p = ManagerProtocol.REPLY_HEADER;
        int count = message.getInt(p, ORDER);
        if (count < 0 || count > (end - p) / LENGTH_BYTES) {
            throw new ProtocolException(channel.endpoint(), "the manager answered with " + count + " values in "
                + (end - p) + " bytes");
        }
        p += LENGTH_BYTES;
        List<Object> values = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            int n = message.getInt(p, ORDER);
            if (n < 0 || n > end - p - LENGTH_BYTES) {
                throw new ProtocolException(channel.endpoint(), "the manager answered with a value past its reply's end");
            }
            values.add(codec.decode(message, p + LENGTH_BYTES, n));
            p += LENGTH_BYTES + n;
        }
        return values;
    }

    /** @return the reply's body as text */
    String text() {
        return frames.message().getStringWithoutLengthUtf8(ManagerProtocol.REPLY_HEADER,
            frames.length() - ManagerProtocol.REPLY_HEADER);
    }

    /** @return the reply's message and its length, for an error as data */
    DirectBuffer message() {
        return frames.message();
    }

    int messageLength() {
        return frames.length();
    }
}
