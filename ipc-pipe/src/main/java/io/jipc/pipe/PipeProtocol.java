package io.jipc.pipe;

import java.nio.ByteOrder;

/**
 * The wire format of a pipe channel (and of jipc's other stream transports), documented in {@code docs/PROTOCOL.md}.
 * All integers are little-endian.
 * <pre>
 * Handshake: each side writes one at start, then reads the peer's.
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +---------------------------------------------------------------+
 *  |            magic 'J' 'I' 'P' 'C'  (0x4A 0x49 0x50 0x43)        |
 *  +-------------------------------+-------------------------------+
 *  |      version (u16) = 1        |  flags (u16): bit 1 = this    |
 *  |                               |  side understands heartbeats  |
 *  +-------------------------------+-------------------------------+
 *  |  max frame length this side accepts (u32), 1 .. 2^31-1        |
 *  +---------------------------------------------------------------+
 *  |  heartbeat interval (u32, ms) this side asks the peer to send |
 *  |  at when it is otherwise silent; 0 = none (old: reserved = 0) |
 *  +---------------------------------------------------------------+
 *
 * Then frames, back to back:
 *  +---------------------------------------------------------------+
 *  |  header (i32): n &gt;= 0 a message of n bytes follows;           |
 *  |                -1 end of stream (the sender closed)           |
 *  |                -2 heartbeat, no payload (only to a peer that  |
 *  |                   set flag bit 1 and asked for an interval)   |
 *  +---------------------------------------------------------------+
 *  |  n bytes of message ...                                       |
 *  +---------------------------------------------------------------+
 * </pre>
 * A header above the receiver's announced maximum, or below -2, is a protocol error: the receiver checks it before
 * allocating anything and closes the channel.
 */
final class PipeProtocol {

    /** Byte order of every integer on the wire. */
    static final ByteOrder ORDER = ByteOrder.LITTLE_ENDIAN;
    /** "JIPC" read as a little-endian int. */
    static final int MAGIC = 0x4350494A;
    /** The protocol version this code speaks. */
    static final int VERSION = 1;
    /** Length of the handshake in bytes. */
    static final int HANDSHAKE_LENGTH = 16;
    /** Length of a frame header in bytes. */
    static final int HEADER_LENGTH = 4;
    /** Frame header that ends the stream. */
    static final int END_OF_STREAM = -1;
    /** Frame header of a heartbeat: nothing follows; sent only to a peer that asked for heartbeats. */
    static final int HEARTBEAT = -2;
    /** Handshake flag: this side understands {@link #HEARTBEAT} frames (bit 0 is the sockets' AUTH). */
    static final int FLAG_HEARTBEATS = 2;

    static final int MAGIC_OFFSET = 0;
    static final int VERSION_OFFSET = 4;
    static final int FLAGS_OFFSET = 6;
    static final int MAX_FRAME_OFFSET = 8;
    static final int HEARTBEAT_INTERVAL_OFFSET = 12;

    private PipeProtocol() {
    }

    /** @return printable text for up to 64 received bytes: hex and ASCII, for error messages */
    static String describe(byte[] bytes, int offset, int length) {
        int n = Math.min(length, 64);
        StringBuilder hex = new StringBuilder();
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < n; i++) {
            int b = bytes[offset + i] & 0xFF;
            hex.append(String.format("%02x", b));
            if (i < n - 1) {
                hex.append(' ');
            }
            text.append(b >= 0x20 && b < 0x7F ? (char) b : '.');
        }
        return length + " bytes [" + hex + (length > n ? " ..." : "") + "] \"" + text + (length > n ? "..." : "") + "\"";
    }
}
