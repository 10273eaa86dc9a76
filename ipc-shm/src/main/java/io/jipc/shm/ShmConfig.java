package io.jipc.shm;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.function.Supplier;

import org.agrona.concurrent.BusySpinIdleStrategy;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.SleepingMillisIdleStrategy;
import org.agrona.concurrent.YieldingIdleStrategy;

import io.jipc.Endpoint;
import io.jipc.EndpointException;
import io.jipc.IpcOption;
import io.jipc.IpcOptions;
import io.jipc.spi.AbstractChannel;

/**
 * An {@code shm:} endpoint's settings, read from its query parameters and validated in one place.
 *
 * @param endpoint       the endpoint, for errors
 * @param path           its file ({@link ShmPaths})
 * @param capacity       {@code ?capacity=}: bytes of each ring of a channel, a power of two from 4k to 256m (default
 *                       4m, so a message may be up to 512k: an eighth of it); on bind, the default for clients that
 *                       do not set it; on connect, overrides the server's default; 0 when not given
 * @param inboxCapacity  {@code ?inbox=}: bytes of a server's connection inbox, a power of two from 4k to 16m
 *                       (default 64k)
 * @param idle           {@code ?idle=}: how a blocked send or receive waits: {@code backoff} (default: spins a few
 *                       rounds, yields, then parks up to 1 ms; idle costs no CPU), {@code yield}, {@code busy}
 *                       (lowest latency, burns a core) or {@code sleep} (1 ms sleeps)
 * @param unblockTimeout {@code ?unblockTimeout=}: on a server, how long a connection request claimed but never
 *                       finished (its writer died) may block the inbox before it is skipped (default 5s)
 * @param options        the options beside the URI: connect timeout, close linger, an idle strategy that overrides
 *                       {@code ?idle=}
 */
record ShmConfig(Endpoint endpoint, Path path, int capacity, int inboxCapacity, String idle, Duration unblockTimeout,
                 IpcOptions options) {

    /** The query parameters an shm: endpoint accepts. */
    static final Set<String> PARAMETERS = Set.of("capacity", "inbox", "idle", "unblockTimeout");
    static final int DEFAULT_CAPACITY = 4 << 20;
    static final int DEFAULT_INBOX = 64 << 10;
    static final int MIN_CAPACITY = 4 << 10;
    static final int MAX_CAPACITY = 256 << 20;
    static final int MAX_INBOX = 16 << 20;
    static final Duration DEFAULT_UNBLOCK_TIMEOUT = Duration.ofSeconds(5);
    /** The shortest liveness timeout: heartbeats come every quarter of it. */
    static final Duration MIN_LIVENESS = Duration.ofMillis(100);
    private static final Set<String> IDLE = Set.of("backoff", "yield", "busy", "sleep");

    /** @throws EndpointException naming the bad parameter and what is allowed */
    static ShmConfig of(Endpoint endpoint) {
        return of(endpoint, IpcOptions.defaults());
    }

    /** @throws EndpointException naming the bad parameter and what is allowed */
    static ShmConfig of(Endpoint endpoint, IpcOptions options) {
        endpoint.requireOnly(PARAMETERS);
        int capacity = powerOfTwo(endpoint, "capacity", 0, MAX_CAPACITY);
        int inbox = powerOfTwo(endpoint, "inbox", DEFAULT_INBOX, MAX_INBOX);
        String idle = endpoint.parameter("idle", "backoff");
        if (!IDLE.contains(idle)) {
            throw new EndpointException(endpoint, "idle=" + idle + " is not one of backoff, yield, busy, sleep");
        }
        Duration liveness = options.get(IpcOption.LIVENESS_TIMEOUT, Duration.ZERO);
        if (!liveness.isZero() && liveness.compareTo(MIN_LIVENESS) < 0) {
            throw new EndpointException(endpoint, "livenessTimeout " + liveness + " is shorter than the " + MIN_LIVENESS
                + " a heartbeat can prove");
        }
        Duration unblock = endpoint.durationParameter("unblockTimeout", DEFAULT_UNBLOCK_TIMEOUT);
        if (unblock.compareTo(Duration.ofMillis(10)) < 0 || unblock.compareTo(Duration.ofHours(1)) > 0) {
            throw new EndpointException(endpoint, "unblockTimeout=" + unblock + " is out of range 10ms .. 1h");
        }
        return new ShmConfig(endpoint, ShmPaths.resolve(endpoint), capacity, inbox, idle, unblock, options);
    }

    private static int powerOfTwo(Endpoint endpoint, String name, int defaultValue, int max) {
        if (!endpoint.parameters().containsKey(name)) {
            return defaultValue;
        }
        long value = endpoint.sizeParameter(name, defaultValue);
        if (value < MIN_CAPACITY || value > max || Long.bitCount(value) != 1) {
            throw new EndpointException(endpoint, name + "=" + value + " must be a power of two from "
                + (MIN_CAPACITY >> 10) + "k to " + (max >> 20) + "m");
        }
        return (int) value;
    }

    /** @return the ring capacity a new channel gets, given the server's default */
    int channelCapacity(int serverDefault) {
        return capacity != 0 ? capacity : serverDefault;
    }

    /** @return the liveness timeout in ns, 0 when off ({@link IpcOption#LIVENESS_TIMEOUT}) */
    long livenessNanos() {
        return options.get(IpcOption.LIVENESS_TIMEOUT, Duration.ZERO).toNanos();
    }

    /** @return the heartbeat interval to ask the peer for, ms: a quarter of the liveness timeout; 0 when off */
    int heartbeatAskMillis() {
        return (int) Math.min(Integer.MAX_VALUE, options.get(IpcOption.LIVENESS_TIMEOUT, Duration.ZERO).toMillis() / 4);
    }

    /** @return a fresh idle strategy of the configured kind */
    IdleStrategy newIdleStrategy() {
        Supplier<IdleStrategy> given = options.get(IpcOption.IDLE_STRATEGY);
        if (given != null) {
            return given.get();
        }
        Supplier<IdleStrategy> supplier = switch (idle) {
            case "yield" -> YieldingIdleStrategy::new;
            case "busy" -> BusySpinIdleStrategy::new;
            case "sleep" -> () -> new SleepingMillisIdleStrategy(1);
            default -> AbstractChannel::defaultIdleStrategy;
        };
        return supplier.get();
    }
}
