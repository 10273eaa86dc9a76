package io.jipc.mq;

import io.jipc.Endpoint;

/**
 * The two queues of an {@code mq:} channel directory and their appender, shared by a server and the channels it
 * accepted (or owned by one connecting channel): closed when the last user lets go.
 */
final class SharedStores {

    final QueueStore requests;
    final QueueStore replies;
    private final Appender out;
    private int users = 1;

    private SharedStores(QueueStore requests, QueueStore replies, boolean master) {
        this.requests = requests;
        this.replies = replies;
        QueueStore outbound = master ? requests : replies;
        this.out = new Appender(outbound, () -> Retention.apply(outbound));
    }

    /** Opens both queues of a channel directory; the master appends to requests, a worker to replies. */
    static SharedStores open(Endpoint channel, boolean master) {
        Endpoint requestsEndpoint = ChannelRecords.queueEndpoint(channel, ChannelRecords.REQUESTS);
        Endpoint repliesEndpoint = ChannelRecords.queueEndpoint(channel, ChannelRecords.REPLIES);
        QueueStore requests = QueueStore.open(requestsEndpoint, MqSettings.of(requestsEndpoint));
        QueueStore replies = null;
        try {
            replies = QueueStore.open(repliesEndpoint, MqSettings.of(repliesEndpoint));
            return new SharedStores(requests, replies, master);
        } catch (RuntimeException e) {
            requests.close();
            if (replies != null) {
                replies.close();
            }
            throw e;
        }
    }

    /** @return the appender of this side's outbound queue (thread-safe) */
    Appender out() {
        return out;
    }

    synchronized void retain() {
        users++;
    }

    synchronized void release() {
        if (--users == 0) {
            out.close();
            requests.close();
            replies.close();
        }
    }
}
