package io.jipc.manager;

import java.util.Map;
import java.util.concurrent.ConcurrentMap;

/**
 * A map in a manager, shared by every process that opens it by name ({@link Manager#map}): a {@link ConcurrentMap}
 * whose every call is one request to the manager, run whole under the map's lock there.
 * <ul>
 * <li>{@code putIfAbsent}, {@code replace}, {@code remove(key, value)} are atomic in the manager.</li>
 * <li>{@code compute}, {@code computeIfAbsent}, {@code computeIfPresent}, {@code merge}, {@code replaceAll}: a
 *     function that is a serializable lambda (a {@link RemoteFunction} or {@link RemoteBiFunction}, which the
 *     overloads here pick for a lambda or method reference written in the call) runs in the manager, atomically with
 *     the update, in one round trip, when its declaring class is on the manager's allow-list. Any other function
 *     runs here, in an optimistic loop of atomic steps ({@code get}, then {@code putIfAbsent}, {@code replace(key,
 *     old, new)} or {@code remove(key, old)}, again if another process changed the key meanwhile): still atomic,
 *     two round trips or more.</li>
 * <li>{@code keySet()}, {@code values()}, {@code entrySet()}, iteration, {@code equals}, {@code hashCode},
 *     {@code toString}: a snapshot of one moment of the map, not a view of it: a change through a key set, an entry
 *     set, their iterators or an entry's {@code setValue} throws {@link UnsupportedOperationException} saying
 *     so.</li>
 * <li>Keys and values cross through the manager's codec: they must be on its allow-list, with an {@code equals}
 *     and {@code hashCode} that mean the same in every JVM. {@code null} keys and values are refused, as by
 *     {@link java.util.concurrent.ConcurrentHashMap}.</li>
 * </ul>
 * Failures: {@link io.jipc.PeerGoneException} once the manager is gone, {@link io.jipc.IpcTimeoutException} when it
 * does not answer within the call timeout, {@link io.jipc.codec.CodecException} for a value off the allow-list.
 * Thread-safe.
 *
 * @param <K> the type of keys
 * @param <V> the type of values
 */
public interface SharedMap<K, V> extends ConcurrentMap<K, V> {

    /** As {@link Map#compute}, run in the manager. */
    V compute(K key, RemoteBiFunction<? super K, ? super V, ? extends V> remapping);

    /** As {@link Map#computeIfAbsent}, run in the manager. */
    V computeIfAbsent(K key, RemoteFunction<? super K, ? extends V> mapping);

    /** As {@link Map#computeIfPresent}, run in the manager. */
    V computeIfPresent(K key, RemoteBiFunction<? super K, ? super V, ? extends V> remapping);

    /** As {@link Map#merge}, run in the manager: {@code counts.merge(word, 1L, Long::sum)}. */
    V merge(K key, V value, RemoteBiFunction<? super V, ? super V, ? extends V> remapping);

    /** As {@link Map#replaceAll}, run in the manager, all or nothing. */
    void replaceAll(RemoteBiFunction<? super K, ? super V, ? extends V> function);

    /** @return a copy of the whole map, taken at one moment */
    Map<K, V> snapshot();

    /** @return the map's name in its manager */
    String name();
}
