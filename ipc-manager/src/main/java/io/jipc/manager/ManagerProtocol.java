package io.jipc.manager;

import java.nio.ByteOrder;

/**
 * The messages between a manager and its clients, over any channel: the client asks, the manager answers, one
 * request at a time per channel (a client opens more channels for more threads). Integers are little-endian.
 * Values are bytes of the manager's codec ({@link io.jipc.codec.Codecs#tagged}); a list of values is
 * {@code n × (length i32 | value)}; a string is {@code length i32 | UTF-8}. Errors are
 * {@link io.jipc.internal.RemoteErrors}.
 * <p>
 * <b>Frames.</b> Every channel message is one frame: a flag byte, then a part of a message. A message longer than the
 * channel's largest frame is cut into frames, the last with {@link #LAST}, the others with {@link #MORE}; a receiver
 * joins them, up to {@link #MAX_MESSAGE} bytes.
 * <pre>
 *   0       1
 *  +-------+--------------------------------
 *  | flags | part of a message
 *  +-------+--------------------------------
 * </pre>
 * <b>Messages</b> (offsets within the message, after the frame's flag byte):
 * <pre>
 * client → manager
 *              0      1       2             4              8
 *  HELLO     | 1    | magic "jipc/mgr" (8 bytes, at 1)  | version (i32, at 9)
 *  OPEN      | 2    | kind  | 0           | capacity i32 | methods hash (i64) | name (string) | interface (string)
 *  CALL      | 3    | op    | method u16  | handle (i32) | arguments: a list of values, to the end
 *  ACK       | 4    |         the elements of the last reply (a TAKEN) arrived
 *  REMOVE    | 5    | 0     | 0           | 0            | name (string)           answered OK true/false
 *  NAMES     | 6    |         the names of the objects served: answered VALUES
 *
 * manager → client
 *              0      1             5             13            17
 *  WELCOME   | 16   | version i32 | pid (i64)   | count (i32) | count × string: the manager's allow-list
 *  REPLY     | 17   | status | body
 *    status OK        0 | one value (to the end)
 *           VALUES    1 | a list of values
 *           TAKEN     2 | a list of values taken from a queue: the client answers ACK; if the channel ends first,
 *                       |   the manager puts them back at the head of the queue
 *           THROWN    3 | the exception the object threw, as data
 *           CODEC     4 | text: an argument the manager could not decode, or a result it could not encode
 *           NO_LAMBDA 5 | text: a function the manager would not rebuild (the client runs it itself instead)
 *           FAILED    6 | text: no such object, another kind, an unregistered interface, a bad request
 *           PROTOCOL  7 | text: the request broke this layout; the manager closes the channel
 * </pre>
 * A function argument (of {@code compute}, {@code merge}...) is not a codec value but
 * {@code shape id (i32) | shape length (i32, 0 when this channel has it already) | shape | captured values}, in the
 * layout of {@link io.jipc.internal.Lambdas}. A bad HELLO or a message that breaks this layout ends the channel.
 */
final class ManagerProtocol {

    /** Byte order of every integer. */
    static final ByteOrder ORDER = ByteOrder.LITTLE_ENDIAN;
    /** The version both sides check first. */
    static final int VERSION = 1;
    /** "jipc/mgr" in ASCII: the first bytes of a HELLO after its type. */
    static final long MAGIC = 0x72676d2f6370696aL;

    /** Frame flags: the last (or only) frame of a message. */
    static final byte LAST = 0;
    /** Frame flags: more frames of this message follow. */
    static final byte MORE = 1;
    /** Bytes of a frame before its part of a message. */
    static final int FRAME_HEADER = 1;
    /** Longest message (of joined frames) either side accepts. */
    static final int MAX_MESSAGE = 64 << 20;

    /** @return why a message of {@code length} bytes cannot travel, for an exception naming what it carried */
    static String tooLong(long length) {
        return length + " bytes, more than the " + (MAX_MESSAGE >> 20) + " MiB (" + MAX_MESSAGE
            + " bytes) a manager message carries";
    }

    static final byte HELLO = 1;
    static final byte OPEN = 2;
    static final byte CALL = 3;
    static final byte ACK = 4;
    static final byte REMOVE = 5;
    static final byte NAMES = 6;
    static final byte WELCOME = 16;
    static final byte REPLY = 17;

    static final int TYPE_OFFSET = 0;
    static final int HELLO_MAGIC_OFFSET = 1;
    static final int HELLO_VERSION_OFFSET = 9;
    static final int HELLO_LENGTH = 13;

    static final int OPEN_KIND_OFFSET = 1;
    static final int OPEN_CAPACITY_OFFSET = 4;
    static final int OPEN_HASH_OFFSET = 8;
    static final int OPEN_NAME_OFFSET = 16;

    static final int CALL_OP_OFFSET = 1;
    static final int CALL_METHOD_OFFSET = 2;
    static final int CALL_HANDLE_OFFSET = 4;
    static final int CALL_HEADER = 8;

    static final int ACK_LENGTH = 1;
    static final int REMOVE_NAME_OFFSET = 8;

    static final int WELCOME_VERSION_OFFSET = 1;
    static final int WELCOME_PID_OFFSET = 5;
    static final int WELCOME_COUNT_OFFSET = 13;
    static final int WELCOME_HEADER = 17;

    static final int REPLY_STATUS_OFFSET = 1;
    static final int REPLY_HEADER = 2;

    static final byte OK = 0;
    static final byte VALUES = 1;
    static final byte TAKEN = 2;
    static final byte THROWN = 3;
    static final byte CODEC = 4;
    static final byte NO_LAMBDA = 5;
    static final byte FAILED = 6;
    static final byte PROTOCOL = 7;

    /** Bytes of the length before each value of a list, and of a count. */
    static final int LENGTH_BYTES = 4;

    private ManagerProtocol() {
    }
}
