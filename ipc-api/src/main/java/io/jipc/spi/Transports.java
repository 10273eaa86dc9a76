package io.jipc.spi;

import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import io.jipc.Endpoint;
import io.jipc.EndpointException;
import io.jipc.IpcOption;
import io.jipc.IpcOptions;
import io.jipc.internal.CoreJvmOptions;

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
        Transport transport = forScheme(endpoint.scheme());
        endpoint.requireOnly(transport.parameters());
        return transport;
    }

    /**
     * Finds the transport for an endpoint and checks the endpoint's parameters and the options against it.
     *
     * @throws EndpointException for an unknown scheme, parameter or option (naming the option, never its value)
     */
    public static Transport forEndpoint(Endpoint endpoint, IpcOptions options) {
        Transport transport = forEndpoint(endpoint);
        Set<IpcOption<?>> accepted = transport.options();
        for (IpcOption<?> option : options.keys()) {
            if (!option.isCommon() && !accepted.contains(option)) {
                Set<String> names = new TreeSet<>();
                accepted.forEach(o -> names.add(o.name()));
                throw new EndpointException(endpoint, "the " + endpoint.scheme() + ": transport does not take the option "
                    + option.name() + "; beyond the common ones (connectTimeout, closeLinger, idleStrategy) it takes "
                    + (names.isEmpty() ? "none" : names));
            }
        }
        return transport;
    }

    /**
     * @return the transport for a scheme
     * @throws EndpointException when none on the class path serves it (listing those that do)
     */
    public static Transport forScheme(String scheme) {
        Transport transport = byScheme().get(scheme);
        if (transport == null) {
            throw new EndpointException("unknown scheme '" + scheme + "'; transports on the class path: "
                + byScheme().keySet() + " (add the module, e.g. io.jipc:ipc-" + moduleOf(scheme) + ", to use it)");
        }
        return transport;
    }

    private static String moduleOf(String scheme) {
        return scheme.equals("tcp") || scheme.equals("unix") ? "socket" : scheme;
    }

    /**
     * Finds a transport of a given type for a scheme, e.g. the {@link PipeTransport} for {@code pipe}.
     *
     * @throws EndpointException when no such transport is on the class path
     */
    public static <T extends Transport> T require(String scheme, Class<T> type) {
        Transport transport = byScheme().get(scheme);
        if (!type.isInstance(transport)) {
            throw new EndpointException("no " + scheme + ": transport on the class path (add io.jipc:ipc-" + moduleOf(scheme)
                + "); found " + byScheme().keySet());
        }
        return type.cast(transport);
    }

    private static Map<String, Transport> byScheme() {
        CoreJvmOptions.requireAgronaAccess(); // every transport builds Agrona buffers: a missing option is named here
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
