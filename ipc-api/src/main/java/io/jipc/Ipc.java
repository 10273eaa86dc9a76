package io.jipc;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

import io.jipc.spi.Transports;

/**
 * Opens channels by endpoint URI (the scheme picks the transport found on the class path), and waits on many
 * channels, servers and processes at once.
 * <pre>{@code
 * try (Channel parent = Ipc.connect("pipe:stdio")) {
 *     parent.serve(request -> reply(request));
 * }
 * }</pre>
 * Settings beyond the URI (timeouts, keys, TLS) travel in {@link IpcOptions}, never in the URI.
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
        return connect(Endpoint.parse(uri), IpcOptions.defaults());
    }

    /** Connects to an endpoint, waiting up to {@code timeout}. @see #connect(String) */
    public static Channel connect(String uri, Duration timeout) {
        return connect(Endpoint.parse(uri), IpcOptions.connectTimeout(timeout));
    }

    /**
     * Connects to an endpoint with options beside the URI.
     *
     * @throws EndpointException also for an option the transport does not take
     * @see #connect(String)
     */
    public static Channel connect(String uri, IpcOptions options) {
        return connect(Endpoint.parse(uri), options);
    }

    /** Connects to an endpoint with options beside it. @see #connect(String, IpcOptions) */
    public static Channel connect(Endpoint endpoint, IpcOptions options) {
        return Transports.forEndpoint(endpoint, options).connect(endpoint, options);
    }

    /**
     * Binds a server to an endpoint, for transports that accept many peers.
     *
     * @throws EndpointException for a malformed URI, an unknown scheme or parameter, or a transport that cannot bind
     * @throws AddressInUseException when a live process owns the address
     */
    public static ChannelServer bind(String uri) {
        return bind(Endpoint.parse(uri), IpcOptions.defaults());
    }

    /** Binds a server with options beside the URI. @see #bind(String) */
    public static ChannelServer bind(String uri, IpcOptions options) {
        return bind(Endpoint.parse(uri), options);
    }

    /** Binds a server with options beside the endpoint. @see #bind(String) */
    public static ChannelServer bind(Endpoint endpoint, IpcOptions options) {
        return Transports.forEndpoint(endpoint, options).bind(endpoint, options);
    }

    /**
     * @param scheme a URI scheme, e.g. {@code shm}
     * @return what the transport for that scheme guarantees
     * @throws EndpointException when no transport on the class path serves it
     */
    public static Capabilities capabilities(String scheme) {
        return Transports.forScheme(scheme).capabilities();
    }

    /**
     * Waits until at least one of {@code objects} is ready, like Python's {@code multiprocessing.connection.wait}:
     * a channel with a message or end-of-stream waiting, a server with a client waiting, a child process that
     * exited. Objects with events of their own wake the waiter at once; the others are polled with a back-off idle
     * strategy (yielding, then parking up to a millisecond).
     *
     * @param objects what to wait on; a closed one counts as ready
     * @param timeout how long to wait
     * @return the ready ones, in the order given, never empty
     * @throws IpcTimeoutException when none became ready in time
     * @throws IpcInterruptedException when the thread was interrupted (its status is set again)
     */
    public static <T extends Waitable> List<T> wait(Collection<? extends T> objects, Duration timeout) {
        return Waiter.await(objects, timeout);
    }

    /**
     * Never blocks.
     *
     * @return those of {@code objects} that are ready now, in the order given; empty when none is
     */
    public static <T extends Waitable> List<T> ready(Collection<? extends T> objects) {
        List<T> ready = new ArrayList<>();
        for (T object : objects) {
            if (object.isReady()) {
                ready.add(object);
            }
        }
        return ready;
    }
}
