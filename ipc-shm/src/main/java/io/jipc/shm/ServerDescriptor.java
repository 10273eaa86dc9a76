package io.jipc.shm;

import org.agrona.concurrent.ringbuffer.RingBufferDescriptor;

/**
 * A bound server's file, {@code <address>}: the common header ({@link HeaderDescriptor}, creator = the server),
 * then the inbox where clients ask to connect, an Agrona {@code ManyToOneRingBuffer}.
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +---------------------------------------------------------------+
 *  |        common header, kind = server (40 bytes)                 |  0
 *  +-------------------------------+-------------------------------+
 *  |  default channel capacity     |      inbox capacity           | 40
 *  +-------------------------------+-------------------------------+
 *  |             next channel id (8 bytes, atomic add)              | 48
 *  +-------------------------------+-------------------------------+
 *  |  state (1 open, 2 closed)     |          reserved             | 56
 *  +-------------------------------+-------------------------------+
 *  |                   reserved up to 128                           | 64
 *  +---------------------------------------------------------------+
 *  |  inbox: ManyToOneRingBuffer (inbox capacity + trailer)         |128
 *  |  records: type CONNECT, body = channel id, client pid,        |
 *  |  client start time (8 bytes each)                              |
 *  +---------------------------------------------------------------+
 * </pre>
 * A client takes an id with an atomic add, creates the channel file {@code <address>.ch<id>}
 * ({@link ChannelDescriptor}) and writes a CONNECT record; the server maps that file, marks its side open and
 * removes the file's name, so nothing is left on disk once the two sides have it mapped.
 */
final class ServerDescriptor {

    static final int CHANNEL_CAPACITY_OFFSET = 40;
    static final int INBOX_CAPACITY_OFFSET = 44;
    static final int NEXT_ID_OFFSET = 48;
    static final int STATE_OFFSET = 56;
    static final int INBOX_OFFSET = 128;

    static final int STATE_OPEN = 1;
    static final int STATE_CLOSED = 2;

    /** Message type of a connection request. */
    static final int CONNECT_MSG_TYPE = 1;
    static final int CONNECT_ID_OFFSET = 0;
    static final int CONNECT_PID_OFFSET = 8;
    static final int CONNECT_START_OFFSET = 16;
    static final int CONNECT_LENGTH = 24;

    private ServerDescriptor() {
    }

    /** @return the file length for an inbox capacity */
    static long fileLength(int inboxCapacity) {
        return INBOX_OFFSET + inboxCapacity + RingBufferDescriptor.TRAILER_LENGTH;
    }

    /** @return the name of the file of channel {@code id} beside the server file {@code serverFile} */
    static String channelFileName(String serverFile, long id) {
        return serverFile + ".ch" + id;
    }
}
