package io.jipc.mq;

import java.nio.file.Path;
import java.util.LinkedHashMap;

import io.jipc.Endpoint;

/**
 * The {@code mq:} channel's records, carried in the two queues of a bound directory: {@value #REQUESTS} (master to
 * workers) and {@value #REPLIES} (workers to master). Each record is a jipc message ({@link MessageHeader}) whose
 * kind says what it is and whose header carries the connection id it belongs to (where a queue message has its
 * timestamp):
 * <pre>
 *   kind      header bytes 8..16     payload
 *   HELLO     connection id          | worker pid (8) | worker start ticks (8)  |     worker to master, until welcomed
 *   WELCOME   connection id          | master pid (8) | master start ticks (8)  |     master to worker: accepted
 *   DATA      connection id          | message bytes ...                        |     either way
 *   END       connection id          (empty)                                          either way: end-of-stream
 * </pre>
 * The connection id is the correlation id: every reader skips the records of other connections.
 */
final class ChannelRecords {

    static final String REQUESTS = "requests";
    static final String REPLIES = "replies";
    static final String SERVER_LOCK = "server.lock";

    static final byte HELLO = MessageHeader.KIND_CHANNEL_FIRST;
    static final byte WELCOME = MessageHeader.KIND_CHANNEL_FIRST + 1;
    static final byte DATA = MessageHeader.KIND_CHANNEL_FIRST + 2;
    static final byte END = MessageHeader.KIND_CHANNEL_FIRST + 3;

    /** HELLO and WELCOME: offsets of the pid and start time in the payload. */
    static final int PID_OFFSET = 0;
    static final int START_OFFSET = 8;
    static final int IDENTITY_LENGTH = 16;

    private ChannelRecords() {
    }

    /** @return the endpoint of one of a bound directory's two queues, with the channel's parameters */
    static Endpoint queueEndpoint(Endpoint channel, String queue) {
        Path dir = Path.of(channel.address()).resolve(queue);
        return new Endpoint(channel.scheme(), dir.toString(), new LinkedHashMap<>(channel.parameters()));
    }
}
