package io.jipc.pipe;

import java.time.Duration;
import java.util.Set;

import io.jipc.Endpoint;
import io.jipc.EndpointException;
import io.jipc.IpcOption;
import io.jipc.IpcOptions;

/**
 * A pipe channel's settings, read from its endpoint's query parameters and validated in one place.
 *
 * @param endpoint   the endpoint, for errors
 * @param maxMessage {@code ?maxMessage=}: the longest message this side accepts (default 4 MiB; up to 1 GiB)
 * @param sendBuffer {@code ?sendBuffer=}: capacity of the send ring (default 1 MiB; a power of two from 64 KiB to
 *                   1 GiB); messages up to a quarter of it (less the 4-byte frame header) are coalesced, larger ones are
 *                   sent one at a time
 * @param options    the options beside the URI: handshake timeout, close linger, liveness timeout
 */
record PipeConfig(Endpoint endpoint, int maxMessage, int sendBuffer, IpcOptions options) {

    /** The query parameters a pipe endpoint accepts. */
    static final Set<String> PARAMETERS = Set.of("maxMessage", "sendBuffer");
    static final int DEFAULT_MAX_MESSAGE = 4 << 20;
    static final int DEFAULT_SEND_BUFFER = 1 << 20;
    static final long MAX_MAX_MESSAGE = 1L << 30;
    /** The shortest liveness timeout: heartbeats come every quarter of it, and a pipe write costs microseconds. */
    static final Duration MIN_LIVENESS = Duration.ofMillis(100);

    static PipeConfig of(Endpoint endpoint, IpcOptions options) {
        endpoint.requireOnly(PARAMETERS);
        long maxMessage = endpoint.sizeParameter("maxMessage", DEFAULT_MAX_MESSAGE);
        if (maxMessage < 1 || maxMessage > MAX_MAX_MESSAGE) {
            throw new EndpointException(endpoint, "maxMessage=" + maxMessage + " is out of range 1 .. " + MAX_MAX_MESSAGE);
        }
        long sendBuffer = endpoint.sizeParameter("sendBuffer", DEFAULT_SEND_BUFFER);
        if (sendBuffer < 65536 || sendBuffer > (1L << 30) || Long.bitCount(sendBuffer) != 1) {
            throw new EndpointException(endpoint, "sendBuffer=" + sendBuffer + " must be a power of two from 64k to 1g");
        }
        Duration liveness = options.get(IpcOption.LIVENESS_TIMEOUT, Duration.ZERO);
        if (!liveness.isZero() && liveness.compareTo(MIN_LIVENESS) < 0) {
            throw new EndpointException(endpoint, "livenessTimeout " + liveness + " is shorter than the " + MIN_LIVENESS
                + " a heartbeat can prove");
        }
        return new PipeConfig(endpoint, (int) maxMessage, (int) sendBuffer, options);
    }

    /** @return the liveness timeout, zero when off */
    Duration livenessTimeout() {
        return options.get(IpcOption.LIVENESS_TIMEOUT, Duration.ZERO);
    }

    /** @return the heartbeat interval to ask the peer for: a quarter of the liveness timeout, 0 when off */
    int heartbeatAskMillis() {
        long millis = livenessTimeout().toMillis() / 4;
        return (int) Math.min(Integer.MAX_VALUE, millis);
    }
}
