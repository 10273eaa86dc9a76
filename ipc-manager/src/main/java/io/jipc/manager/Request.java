package io.jipc.manager;

import static io.jipc.manager.ManagerProtocol.CALL_HANDLE_OFFSET;
import static io.jipc.manager.ManagerProtocol.CALL_HEADER;
import static io.jipc.manager.ManagerProtocol.CALL_METHOD_OFFSET;
import static io.jipc.manager.ManagerProtocol.CALL_OP_OFFSET;
import static io.jipc.manager.ManagerProtocol.LENGTH_BYTES;
import static io.jipc.manager.ManagerProtocol.ORDER;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.agrona.DirectBuffer;

import io.jipc.codec.Codec;
import io.jipc.codec.CodecException;

/**
 * A CALL as the manager reads it: the operation, the method number, the handle, and where each argument lies.
 * Arguments are decoded when asked for, through the manager's codec (its allow-list). One per session; reused.
 */
final class Request {

    private final Session session;
    private final Codec<Object> codec;
    private DirectBuffer buffer;
    private Op op;
    private int method;
    private int handle;
    private int[] offsets = new int[8];
    private int[] lengths = new int[8];
    private int count;
    private Served target;

    Request(Session session, Codec<Object> codec) {
        this.session = session;
        this.codec = codec;
    }

    /**
     * Reads a CALL's header and its table of arguments.
     *
     * @throws io.jipc.ProtocolException when the arguments do not add up to the message
     */
    void parse(DirectBuffer message, int length) {
        if (length < CALL_HEADER) {
            throw session.protocolError("a CALL of " + length + " bytes, shorter than its " + CALL_HEADER + "-byte header");
        }
        buffer = message;
        op = Op.of(message.getByte(CALL_OP_OFFSET));
        method = message.getShort(CALL_METHOD_OFFSET, ORDER) & 0xffff;
        handle = message.getInt(CALL_HANDLE_OFFSET, ORDER);
        count = 0;
        int p = CALL_HEADER;
        while (p < length) {
            if (length - p < LENGTH_BYTES) {
                throw session.protocolError("a CALL whose argument " + (count + 1) + " is truncated");
            }
            int n = message.getInt(p, ORDER);
            if (n < 0 || n > length - p - LENGTH_BYTES) {
                throw session.protocolError("a CALL whose argument " + (count + 1) + " claims " + n + " bytes, "
                    + (length - p - LENGTH_BYTES) + " left");
            }
            if (count == offsets.length) {
                offsets = Arrays.copyOf(offsets, count * 2);
                lengths = Arrays.copyOf(lengths, count * 2);
            }
            offsets[count] = p + LENGTH_BYTES;
            lengths[count] = n;
            count++;
            p += LENGTH_BYTES + n;
        }
        if (op == null) {
            throw Refusal.failed("unknown operation " + message.getByte(CALL_OP_OFFSET) + " (client and manager run"
                + " different versions?)");
        }
    }

    Op op() {
        return op;
    }

    int method() {
        return method;
    }

    int handle() {
        return handle;
    }

    /** Names the object the call is for, for messages. */
    void target(Served served) {
        target = served;
    }

    /** @return the number of arguments */
    int count() {
        return count;
    }

    /** @throws Refusal when there are fewer than {@code n} arguments */
    void require(int n) {
        if (count < n) {
            throw Refusal.failed(what() + " needs " + n + " arguments, got " + count);
        }
    }

    /**
     * @return argument {@code i}, decoded
     * @throws Refusal naming the argument when the codec refuses it (a class off the allow-list)
     */
    Object arg(int i) {
        require(i + 1);
        try {
            return codec.decode(buffer, offsets[i], lengths[i]);
        } catch (CodecException e) {
            throw new Refusal(ManagerProtocol.CODEC, "argument " + (i + 1) + " of " + what() + ": " + e.getMessage()
                + "; a manager's allow-list is widened with Manager.builder().allow(TheClass.class) or"
                + " .allow(\"com.example.**\")");
        }
    }

    /** @return argument {@code i}, a number */
    long longArg(int i) {
        Object value = arg(i);
        if (!(value instanceof Number n)) {
            throw Refusal.failed("argument " + (i + 1) + " of " + what() + " is not a number");
        }
        return n.longValue();
    }

    /** @return argument {@code i}, an index or count */
    int intArg(int i) {
        long value = longArg(i);
        if (value != (int) value) {
            throw Refusal.failed("argument " + (i + 1) + " of " + what() + " is out of range: " + value);
        }
        return (int) value;
    }

    /** @return the arguments from {@code from} on, decoded */
    List<Object> args(int from) {
        List<Object> values = new ArrayList<>(Math.max(0, count - from));
        for (int i = from; i < count; i++) {
            values.add(arg(i));
        }
        return values;
    }

    /**
     * @return argument {@code i}, a function, rebuilt here
     * @throws Refusal with {@link ManagerProtocol#NO_LAMBDA} when the manager will not rebuild it
     */
    Object function(int i) {
        require(i + 1);
        return session.function(buffer, offsets[i], lengths[i], what());
    }

    /** @return true when the client left or the manager is stopping: a long wait should end */
    boolean abandoned() {
        return session.abandoned();
    }

    /** @return the call, for messages: "put on map 'counts'" */
    String what() {
        return target != null ? target.describe(op, method) : String.valueOf(op);
    }
}
