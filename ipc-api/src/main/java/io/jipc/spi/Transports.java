package io.jipc.spi;

import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

import io.jipc.Endpoint;
import io.jipc.EndpointException;
import io.jipc.IpcOption;
import io.jipc.IpcOptions;
import io.jipc.internal.CoreJvmOptions;

/**
 * The transports on the class path, by scheme. The jipc modules' own schemes ({@code pipe}, {@code shm}, {@code tcp},
 * {@code unix}, {@code mq}) are served by those modules, found by class name; any other scheme by a
 * {@link ServiceLoader} provider of {@link Transport}. Thread-safe.
 */
public final class Transports {

    /**
     * The jipc modules' own transports, by scheme. They are found by name, not by the {@link ServiceLoader}: its scan
     * opens every jar on the class path to look for its service file, 20 to 28 ms on the way of every child that
     * connects back to its parent (a pool worker on JDK 25 whose classes all come from the ahead-of-time cache, with
     * the benchmarks' 16 MB jar; more with many jars). Where the module is on the class path, a provider of its scheme
     * from elsewhere is ignored.
     */
    private static final Map<String, String> OWN = Map.of(
        "pipe", "io.jipc.pipe.PipeTransportProvider",
        "shm", "io.jipc.shm.ShmTransport",
        "tcp", "io.jipc.socket.TcpTransport",
        "unix", "io.jipc.socket.UnixTransport",
        "mq", "io.jipc.mq.MqTransport");
    /** An own transport by scheme once looked for: empty when its module is not on the class path. */
    private static final Map<String, Optional<Transport>> OWN_FOUND = new ConcurrentHashMap<>();
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
        Transport transport = find(scheme);
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
        Transport transport = find(scheme);
        if (!type.isInstance(transport)) {
            throw new EndpointException("no " + scheme + ": transport on the class path (add io.jipc:ipc-" + moduleOf(scheme)
                + "); found " + byScheme().keySet());
        }
        return type.cast(transport);
    }

    /** @return the transport for a scheme, or null; scans the class path only when no jipc module serves it */
    private static Transport find(String scheme) {
        if (OWN.containsKey(scheme)) {
            CoreJvmOptions.requireAgronaAccess(); // every transport builds Agrona buffers: a missing option is named here
            Optional<Transport> own = own(scheme);
            if (own.isPresent()) {
                return own.get();
            }
        }
        return byScheme().get(scheme);
    }

    /** @return the jipc module's transport for one of {@link #OWN}'s schemes, one instance per JVM; empty when absent */
    private static Optional<Transport> own(String scheme) {
        Optional<Transport> found = OWN_FOUND.get(scheme);
        if (found == null) {
            found = make(OWN.get(scheme));
            Optional<Transport> raced = OWN_FOUND.putIfAbsent(scheme, found);
            found = raced != null ? raced : found;
        }
        return found;
    }

    private static Optional<Transport> make(String className) {
        Class<?> type;
        try {
            type = Class.forName(className, true, Transports.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            return Optional.empty(); // its module is not on the class path
        }
        try {
            return Optional.of(type.asSubclass(Transport.class).getConstructor().newInstance());
        } catch (ReflectiveOperationException | ClassCastException e) {
            throw new IllegalStateException("the jipc transport " + className + " cannot be made", e);
        }
    }

    private static Map<String, Transport> byScheme() {
        CoreJvmOptions.requireAgronaAccess(); // every transport builds Agrona buffers: a missing option is named here
        Map<String, Transport> map = bySchemeCache;
        if (map == null) {
            map = new TreeMap<>();
            for (String scheme : OWN.keySet()) {
                Optional<Transport> own = own(scheme);
                if (own.isPresent()) {
                    map.put(scheme, own.get());
                }
            }
            for (ServiceLoader.Provider<Transport> provider
                : ServiceLoader.load(Transport.class, Transports.class.getClassLoader()).stream().toList()) {
                if (!OWN.containsValue(provider.type().getName())) {
                    Transport t = provider.get();
                    map.putIfAbsent(t.scheme(), t);
                }
            }
            bySchemeCache = map;
        }
        return map;
    }
}
