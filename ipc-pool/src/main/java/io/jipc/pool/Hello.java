package io.jipc.pool;

import static io.jipc.pool.PoolProtocol.HELLO;
import static io.jipc.pool.PoolProtocol.HELLO_HEADER;
import static io.jipc.pool.PoolProtocol.HELLO_PID_OFFSET;
import static io.jipc.pool.PoolProtocol.HELLO_TOKEN_LENGTH_OFFSET;
import static io.jipc.pool.PoolProtocol.HELLO_VERSION_OFFSET;
import static io.jipc.pool.PoolProtocol.MAX_TOKEN_LENGTH;
import static io.jipc.pool.PoolProtocol.ORDER;
import static io.jipc.pool.PoolProtocol.TYPE_OFFSET;
import static io.jipc.pool.PoolProtocol.VERSION;

import java.time.Duration;
import java.util.HexFormat;

import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import io.jipc.Channel;
import io.jipc.ProtocolException;

/**
 * A worker's first message (see {@link PoolProtocol}): the protocol version it speaks, its pid as it says (for
 * messages only), and the token the pool handed it, if any.
 *
 * @param claimedPid the pid the worker announces; never used to identify it
 * @param token      the token from {@link PoolProtocol#TOKEN_ENVIRONMENT}, empty for none
 */
record Hello(long claimedPid, byte[] token) {

    /** Writes a HELLO at {@code offset}. @return its length */
    static int write(MutableDirectBuffer buffer, int offset, long pid, byte[] token) {
        buffer.putByte(offset + TYPE_OFFSET, HELLO);
        buffer.putInt(offset + HELLO_VERSION_OFFSET, VERSION, ORDER);
        buffer.putLong(offset + HELLO_PID_OFFSET, pid, ORDER);
        buffer.putInt(offset + HELLO_TOKEN_LENGTH_OFFSET, token.length, ORDER);
        buffer.putBytes(offset + HELLO_HEADER, token);
        return HELLO_HEADER + token.length;
    }

    /**
     * Receives and checks a worker's HELLO, its version first.
     *
     * @throws ProtocolException naming the peer and what is wrong: not a HELLO, another version, a bad token length
     * @throws io.jipc.IpcTimeoutException when none came in time
     */
    static Hello receive(Channel channel, Duration timeout) {
        byte[] message = channel.receive(timeout);
        UnsafeBuffer buffer = new UnsafeBuffer(message);
        if (message.length < HELLO_VERSION_OFFSET + Integer.BYTES || buffer.getByte(TYPE_OFFSET) != HELLO) {
            throw new ProtocolException(channel.endpoint(), "expected a pool worker's HELLO from " + channel.peer()
                + ", received " + message.length + " bytes" + (message.length > 0 ? " of type " + message[0] : "")
                + " (is it io.jipc.pool.Worker?)");
        }
        int version = buffer.getInt(HELLO_VERSION_OFFSET, ORDER);
        if (version != VERSION) {
            throw new ProtocolException(channel.endpoint(), "expected pool protocol version " + VERSION + ", found "
                + version + " in the HELLO of " + channel.peer() + " (run the pool's jipc version on both sides)");
        }
        int tokenLength = message.length >= HELLO_HEADER ? buffer.getInt(HELLO_TOKEN_LENGTH_OFFSET, ORDER) : -1;
        if (tokenLength < 0 || tokenLength > MAX_TOKEN_LENGTH || message.length != HELLO_HEADER + tokenLength) {
            throw new ProtocolException(channel.endpoint(), "a malformed HELLO of " + message.length + " bytes from "
                + channel.peer() + " (token length " + tokenLength + ", at most " + MAX_TOKEN_LENGTH + ")");
        }
        byte[] token = new byte[tokenLength];
        buffer.getBytes(HELLO_HEADER, token);
        return new Hello(buffer.getLong(HELLO_PID_OFFSET, ORDER), token);
    }

    /** @return the token this process was handed in {@link PoolProtocol#TOKEN_ENVIRONMENT}; empty for none */
    static byte[] environmentToken() {
        String text = System.getenv(PoolProtocol.TOKEN_ENVIRONMENT);
        if (text == null || text.isEmpty()) {
            return new byte[0];
        }
        try {
            byte[] token = HexFormat.of().parseHex(text);
            return token.length <= MAX_TOKEN_LENGTH ? token : new byte[0];
        } catch (IllegalArgumentException e) {
            return new byte[0]; // not one a pool made: this worker joins as one started by hand
        }
    }

    /** @return the token as text, for lookups; never logged */
    String tokenKey() {
        return HexFormat.of().formatHex(token);
    }
}
