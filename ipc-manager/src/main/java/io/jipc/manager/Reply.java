package io.jipc.manager;

import static io.jipc.manager.ManagerProtocol.FRAME_HEADER;
import static io.jipc.manager.ManagerProtocol.LENGTH_BYTES;
import static io.jipc.manager.ManagerProtocol.ORDER;
import static io.jipc.manager.ManagerProtocol.REPLY;
import static io.jipc.manager.ManagerProtocol.REPLY_HEADER;
import static io.jipc.manager.ManagerProtocol.REPLY_STATUS_OFFSET;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;

import org.agrona.ExpandableArrayBuffer;

import io.jipc.codec.Codec;
import io.jipc.codec.CodecException;
import io.jipc.internal.RemoteErrors;

/**
 * The manager's answer to one request, written after the frame header of {@link #buffer()}. A value that cannot be
 * encoded throws {@link io.jipc.codec.CodecException}; the session then answers with that instead. One per session;
 * reused.
 */
final class Reply {

    private final Codec<Object> codec;
    private final Request request;
    private final ExpandableArrayBuffer out = new ExpandableArrayBuffer(256);
    private int length;
    private List<Object> taken;
    private ServedQueue takenFrom;

    /** @param request the call this answers, to name it when its result cannot be encoded */
    Reply(Codec<Object> codec, Request request) {
        this.codec = codec;
        this.request = request;
    }

    private void begin(byte status) {
        out.putByte(FRAME_HEADER, REPLY);
        out.putByte(FRAME_HEADER + REPLY_STATUS_OFFSET, status);
        length = REPLY_HEADER;
        taken = null;
        takenFrom = null;
    }

    /**
     * Answers with one value.
     *
     * @throws Refusal with {@link ManagerProtocol#CODEC} when it cannot be encoded
     */
    void value(Object value) {
        begin(ManagerProtocol.OK);
        try {
            length += codec.encode(value, out, FRAME_HEADER + length);
        } catch (CodecException e) {
            throw unencodable(e);
        }
        checkLength();
    }

    /** Answers with a list of values. */
    void values(Collection<?> values) {
        begin(ManagerProtocol.VALUES);
        try {
            list(values.size(), values);
        } catch (CodecException e) {
            throw unencodable(e);
        }
        checkLength();
    }

    /** Answers with a list of values from an array (a snapshot taken under a lock). */
    void values(Object[] values) {
        values(Arrays.asList(values));
    }

    /**
     * Answers with elements taken from {@code queue}: the client acknowledges them, or they go back to its head.
     */
    void taken(List<Object> elements, ServedQueue queue) {
        begin(ManagerProtocol.TAKEN);
        try {
            list(elements.size(), elements);
        } catch (CodecException e) {
            queue.giveBack(elements);
            throw unencodable(e);
        }
        try {
            checkLength();
        } catch (Refusal r) {
            queue.giveBack(elements);
            throw r;
        }
        taken = elements;
        takenFrom = queue;
    }

    private void list(int size, Collection<?> values) {
        out.putInt(FRAME_HEADER + length, size, ORDER);
        length += LENGTH_BYTES;
        for (Object value : values) {
            int at = FRAME_HEADER + length;
            int n = codec.encode(value, out, at + LENGTH_BYTES);
            out.putInt(at, n, ORDER);
            length += LENGTH_BYTES + n;
        }
    }

    /** @throws Refusal with {@link ManagerProtocol#CODEC} when the answer is longer than a client reads */
    private void checkLength() {
        if (length > ManagerProtocol.MAX_MESSAGE) {
            throw new Refusal(ManagerProtocol.CODEC, "the result of " + request.what() + " cannot be sent: "
                + ManagerProtocol.tooLong(length));
        }
    }

    private Refusal unencodable(CodecException e) {
        return new Refusal(ManagerProtocol.CODEC, "the result of " + request.what() + " cannot be encoded: "
            + e.getMessage());
    }

    /** Answers with the exception an object threw, as data. */
    void thrown(Throwable error) {
        begin(ManagerProtocol.THROWN);
        length += RemoteErrors.encode(error, out, FRAME_HEADER + length);
    }

    /** Answers with a refusal: its status and text. */
    void text(byte status, String text) {
        begin(status);
        byte[] bytes = (text == null ? "" : text).getBytes(StandardCharsets.UTF_8);
        out.putBytes(FRAME_HEADER + length, bytes);
        length += bytes.length;
    }

    ExpandableArrayBuffer buffer() {
        return out;
    }

    int length() {
        return length;
    }

    /** @return the elements this reply took from a queue, or null */
    List<Object> taken() {
        return taken;
    }

    /** @return the queue they came from, or null */
    ServedQueue takenFrom() {
        return takenFrom;
    }
}
