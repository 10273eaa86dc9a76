package io.jipc.mq;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.UnsafeBuffer;

import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.wire.DocumentContext;

import io.jipc.Capabilities;
import io.jipc.Capability;
import io.jipc.Channel;
import io.jipc.ChannelServer;
import io.jipc.Endpoint;
import io.jipc.IpcInterruptedException;
import io.jipc.IpcOptions;
import io.jipc.IpcTimeoutException;
import io.jipc.spi.AbstractChannel;
import io.jipc.spi.Deadlines;
import io.jipc.spi.Transport;

/**
 * The {@code mq:} transport: request/reply channels between a master ({@code Ipc.bind("mq:/dir")}) and its workers
 * ({@code Ipc.connect("mq:/dir")}) over two persistent queues in the directory, {@code requests} and
 * {@code replies}, with connection ids as correlation ids ({@link ChannelRecords}). Durable and ordered; no
 * back-pressure (a queue grows on disk instead); graceful close; the peer is a local process known by pid.
 * Parameters as for {@link MessageQueue}: {@code rollCycle}, {@code retention}, {@code minFreeSpace}.
 */
public final class MqTransport implements Transport {

    /** The URI scheme. */
    public static final String SCHEME = "mq";

    /** How often a connecting worker repeats its hello while no master answers. */
    static final long HELLO_EVERY_MILLIS = 500;

    private static final Capabilities CAPABILITIES = Capabilities.of(
        Appender.MAX_MESSAGE_LENGTH, Capability.DURABLE, Capability.ORDERED,
        Capability.GRACEFUL_CLOSE, Capability.BINDS, Capability.PEER_PID, Capability.PEER_DEATH_VISIBLE);

    /** Creates the transport (ServiceLoader). */
    public MqTransport() {
    }

    @Override
    public String scheme() {
        return SCHEME;
    }

    @Override
    public Set<String> parameters() {
        return MqSettings.PARAMETERS;
    }

    @Override
    public Capabilities capabilities() {
        return CAPABILITIES;
    }

    @Override
    public ChannelServer bind(Endpoint endpoint, IpcOptions options) {
        MqSettings.of(endpoint);
        return MqChannelServer.bind(endpoint, options.closeLinger(), () -> options.newIdleStrategy(AbstractChannel::defaultIdleStrategy));
    }

    @Override
    public Channel connect(Endpoint endpoint, IpcOptions options) {
        MqSettings.of(endpoint);
        SharedStores stores = SharedStores.open(endpoint, false);
        ExcerptTailer in = null;
        try {
            in = stores.requests.tailer();
            in.singleThreadedCheckDisabled(true);
            in.toEnd();
            long connection = ThreadLocalRandom.current().nextLong() | 1;
            long[] master = awaitWelcome(endpoint, stores, in, connection, options.connectTimeout());
            IdleStrategy idle = options.newIdleStrategy(AbstractChannel::defaultIdleStrategy);
            return new MqChannel(endpoint, stores, in, connection, master[0], master[1], options.closeLinger(), idle,
                options.newIdleStrategy(AbstractChannel::defaultIdleStrategy));
        } catch (RuntimeException e) {
            if (in != null) {
                in.close();
            }
            stores.release();
            throw e;
        }
    }

    /**
     * Says hello (again every {@link #HELLO_EVERY_MILLIS}) until the master welcomes this connection.
     *
     * @return the master's pid and start time
     */
    private static long[] awaitWelcome(Endpoint endpoint, SharedStores stores, ExcerptTailer in, long connection,
        Duration timeout) {
        UnsafeBuffer hello = new UnsafeBuffer(new byte[ChannelRecords.IDENTITY_LENGTH]);
        hello.putLong(ChannelRecords.PID_OFFSET, Processes.selfPid());
        hello.putLong(ChannelRecords.START_OFFSET, Processes.selfStart());
        RecordReader records = new RecordReader(endpoint, stores.requests.rollCycle());
        long deadline = Deadlines.of(timeout);
        long nextHello = System.nanoTime();
        IdleStrategy idle = AbstractChannel.defaultIdleStrategy();
        while (true) {
            if (System.nanoTime() - nextHello >= 0) {
                stores.out().append(ChannelRecords.HELLO, connection, hello, 0, ChannelRecords.IDENTITY_LENGTH);
                nextHello = System.nanoTime() + HELLO_EVERY_MILLIS * 1_000_000;
            }
            try (DocumentContext dc = in.readingDocument()) {
                if (dc.isPresent()) {
                    if (records.read(dc) == ChannelRecords.WELCOME && records.connection() == connection) {
                        QueueMessage welcome = records.view();
                        return new long[] {welcome.buffer().getLong(ChannelRecords.PID_OFFSET),
                            welcome.buffer().getLong(ChannelRecords.START_OFFSET)};
                    }
                    continue;
                }
            }
            if (Thread.interrupted()) {
                throw IpcInterruptedException.interrupted(endpoint, "a master to accept this worker");
            }
            if (Deadlines.passed(deadline)) {
                throw new IpcTimeoutException(endpoint, "no master accepted this worker within " + timeout
                    + " (is a master bound with Ipc.bind(\"" + endpoint + "\")?)");
            }
            idle.idle();
        }
    }
}
