package io.jipc.sync;

import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeMap;

import io.jipc.Endpoint;
import io.jipc.EndpointException;
import io.jipc.internal.CoreJvmOptions;
import io.jipc.spi.SyncProvider;

/** The {@link SyncProvider}s on the class path, by scheme. Thread-safe. */
final class SyncProviders {

    private static volatile Map<String, SyncProvider> bySchemeCache;

    private SyncProviders() {
    }

    /**
     * @throws EndpointException for an unknown scheme (naming the known ones) or an unknown query parameter
     */
    static SyncProvider forEndpoint(Endpoint endpoint) {
        CoreJvmOptions.requireAgronaAccess(); // locks and semaphores sit on Agrona buffers
        SyncProvider provider = byScheme().get(endpoint.scheme());
        if (provider == null) {
            throw new EndpointException(endpoint, "no lock or semaphore provider for scheme '" + endpoint.scheme()
                + "'; providers on the class path: " + byScheme().keySet() + " (add io.jipc:ipc-shm for shm:)");
        }
        endpoint.requireOnly(provider.parameters());
        return provider;
    }

    private static Map<String, SyncProvider> byScheme() {
        Map<String, SyncProvider> map = bySchemeCache;
        if (map == null) {
            map = new TreeMap<>();
            for (SyncProvider p : ServiceLoader.load(SyncProvider.class, SyncProviders.class.getClassLoader())) {
                map.putIfAbsent(p.scheme(), p);
            }
            bySchemeCache = map;
        }
        return map;
    }
}
