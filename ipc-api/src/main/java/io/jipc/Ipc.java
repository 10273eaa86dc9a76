package io.jipc;

import java.time.Duration;

import io.jipc.spi.Transport;
import io.jipc.spi.Transports;

/**
 * Opens channels by endpoint URI; the scheme picks the transport found on the class path.
 * <pre>{@code
 * try (Channel parent = Ipc.connect("pipe:stdio")) {
 *     parent.serve(request -> reply(request));
 * }
 * }</pre>
 */
public final class Ipc {

    /** How long {@link #connect(String)} waits for the peer: handshake, accept, connection. */
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(30);

    private Ipc() {
    }

    /**
     * Connects to an endpoint, waiting up to {@link #DEFAULT_CONNECT_TIMEOUT}.
     *
     * @param uri for example {@code pipe:stdio}, {@code shm:/dev/shm/app/jobs}, {@code tcp://127.0.0.1:7000}
     * @return an open channel
     * @throws EndpointException for a malformed URI, an unknown scheme or parameter
     * @throws IpcTimeoutException when the peer did not answer in time
     */
    public static Channel connect(String uri) {
        return connect(Endpoint.parse(uri), DEFAULT_CONNECT_TIMEOUT);
    }

    /** Connects to an endpoint, waiting up to {@code timeout}. @see #connect(String) */
    public static Channel connect(String uri, Duration timeout) {
        return connect(Endpoint.parse(uri), timeout);
    }

    /** Connects to an endpoint, waiting up to {@code timeout}. @see #connect(String) */
    public static Channel connect(Endpoint endpoint, Duration timeout) {
        Transport transport = Transports.forEndpoint(endpoint);
        return transport.connect(endpoint, timeout);
    }

    /**
     * Binds a server to an endpoint, for transports that accept many peers.
     *
     * @throws EndpointException for a malformed URI, an unknown scheme or parameter, or a transport that cannot bind
     * @throws AddressInUseException when a live process owns the address
     */
    public static ChannelServer bind(String uri) {
        return bind(Endpoint.parse(uri));
    }

    /** Binds a server to an endpoint. @see #bind(String) */
    public static ChannelServer bind(Endpoint endpoint) {
        return Transports.forEndpoint(endpoint).bind(endpoint);
    }
}
