package io.jipc.spi;

import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeMap;

import io.jipc.Endpoint;
import io.jipc.EndpointException;

/** The transports on the class path, by scheme. Thread-safe. */
public final class Transports {

    private static volatile Map<String, Transport> bySchemeCache;

    private Transports() {
    }

    /**
     * Finds the transport for an endpoint and checks the endpoint's parameters against it.
     *
     * @throws EndpointException for an unknown scheme (listing the known ones) or an unknown parameter
     */
    public static Transport forEndpoint(Endpoint endpoint) {
        Transport transport = byScheme().get(endpoint.scheme());
        if (transport == null) {
            throw new EndpointException(endpoint, "unknown scheme '" + endpoint.scheme() + "'; transports on the class path: "
                + byScheme().keySet() + " (add the module, e.g. io.jipc:ipc-" + endpoint.scheme() + ", to use it)");
        }
        endpoint.requireOnly(transport.parameters());
        return transport;
    }

    /**
     * Finds a transport of a given type for a scheme, e.g. the {@link PipeTransport} for {@code pipe}.
     *
     * @throws EndpointException when no such transport is on the class path
     */
    public static <T extends Transport> T require(String scheme, Class<T> type) {
        Transport transport = byScheme().get(scheme);
        if (!type.isInstance(transport)) {
            throw new EndpointException("no " + scheme + ": transport on the class path (add io.jipc:ipc-" + scheme
                + "); found " + byScheme().keySet());
        }
        return type.cast(transport);
    }

    private static Map<String, Transport> byScheme() {
        Map<String, Transport> map = bySchemeCache;
        if (map == null) {
            map = new TreeMap<>();
            for (Transport t : ServiceLoader.load(Transport.class, Transports.class.getClassLoader())) {
                map.putIfAbsent(t.scheme(), t);
            }
            bySchemeCache = map;
        }
        return map;
    }
}
