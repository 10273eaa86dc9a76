package io.jipc.shm;

import io.jipc.shm.file.FileHeader;

import org.agrona.concurrent.ringbuffer.RingBufferDescriptor;

/**
 * A bound server's file, {@code <address>}: the common header ({@link FileHeader}, creator = the server),
 * then the inbox where clients ask to connect, an Agrona {@code ManyToOneRingBuffer}.
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +---------------------------------------------------------------+
 *  |        common header, kind = server (64 bytes)                 |  0
 *  +-------------------------------+-------------------------------+
 *  |  default channel capacity     |      inbox capacity           | 64
 *  +-------------------------------+-------------------------------+
 *  |             next channel id (8 bytes, atomic add)              | 72
 *  +-------------------------------+-------------------------------+
 *  |  state (1 open, 2 closed)     |          reserved             | 80
 *  +-------------------------------+-------------------------------+
 *  |                   reserved up to 128                           | 88
 *  +---------------------------------------------------------------+
 *  |  inbox: ManyToOneRingBuffer (inbox capacity + trailer)         |128
 *  |  records: type CONNECT, body = channel id, client pid,        |
 *  |  client start, kernel ticks (8 bytes each)                              |
 *  +---------------------------------------------------------------+
 * </pre>
 * A client takes an id with an atomic add, creates the channel file {@code <address>.ch<id>}
 * ({@link ChannelDescriptor}) and writes a CONNECT record; the server maps that file, marks its side open and
 * removes the file's name, so nothing is left on disk once the two sides have it mapped.
 */
final class ServerDescriptor {

    static final int CHANNEL_CAPACITY_OFFSET = 64;
    static final int INBOX_CAPACITY_OFFSET = 68;
    static final int NEXT_ID_OFFSET = 72;
    static final int STATE_OFFSET = 80;
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
        return channelFilePrefix(serverFile) + id;
    }

    /** @return what the names of the channel files of the server file {@code serverFile} start with */
    static String channelFilePrefix(String serverFile) {
        return serverFile + ".ch";
    }
}
