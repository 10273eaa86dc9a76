package io.jipc.spi;

import java.time.Duration;
import java.util.Set;

import io.jipc.Channel;
import io.jipc.ChannelServer;
import io.jipc.Endpoint;
import io.jipc.EndpointException;

/**
 * A backend, registered in {@code META-INF/services/io.jipc.spi.Transport} and picked by URI scheme.
 * Implementations are stateless and thread-safe.
 */
public interface Transport {

    /** @return the URI scheme this transport serves, lower case, e.g. {@code shm} */
    String scheme();

    /** @return the query parameters this transport accepts; any other is an error */
    Set<String> parameters();

    /**
     * Opens a channel to an endpoint of this transport's scheme, whose parameters were already checked.
     *
     * @param timeout how long to wait for the peer
     */
    Channel connect(Endpoint endpoint, Duration timeout);

    /**
     * Binds a server to an endpoint of this transport's scheme. The default refuses: not every transport binds.
     *
     * @throws EndpointException when this transport cannot bind
     */
    default ChannelServer bind(Endpoint endpoint) {
        throw new EndpointException(endpoint, "the " + scheme() + ": transport cannot bind a server; use Ipc.connect");
    }
}
