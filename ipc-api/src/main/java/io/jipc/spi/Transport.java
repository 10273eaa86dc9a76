package io.jipc.spi;

import java.util.Set;

import io.jipc.Capabilities;
import io.jipc.Channel;
import io.jipc.ChannelServer;
import io.jipc.Endpoint;
import io.jipc.EndpointException;
import io.jipc.IpcOption;
import io.jipc.IpcOptions;

/**
 * A backend, registered in {@code META-INF/services/io.jipc.spi.Transport} and picked by URI scheme.
 * Implementations are stateless and thread-safe (shared resources such as an event loop are reference-counted by
 * the channels and servers that use them).
 */
public interface Transport {

    /** @return the URI scheme this transport serves, lower case, e.g. {@code shm} */
    String scheme();

    /** @return the query parameters this transport accepts; any other is an error */
    Set<String> parameters();

    /**
     * @return the options beyond the common ones ({@link IpcOption#isCommon()}) this transport accepts; any other
     *     given to it is an error, so a security setting is never silently ignored
     */
    default Set<IpcOption<?>> options() {
        return Set.of();
    }

    /** @return what this transport guarantees */
    Capabilities capabilities();

    /**
     * Opens a channel to an endpoint of this transport's scheme, whose parameters and options were already checked.
     * Waits up to {@link IpcOptions#connectTimeout()} for the peer.
     */
    Channel connect(Endpoint endpoint, IpcOptions options);

    /**
     * Binds a server to an endpoint of this transport's scheme, whose parameters and options were already checked.
     * The default refuses: not every transport binds.
     *
     * @throws EndpointException when this transport cannot bind
     */
    default ChannelServer bind(Endpoint endpoint, IpcOptions options) {
        throw new EndpointException(endpoint, "the " + scheme() + ": transport cannot bind a server; use Ipc.connect");
    }
}
