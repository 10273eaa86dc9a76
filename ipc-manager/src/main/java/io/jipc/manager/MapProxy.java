package io.jipc.manager;

import java.time.Duration;
import java.util.AbstractMap;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * A {@link SharedMap} (and the store of a {@link SharedNamespace}): each call is one request to the manager; a
 * function argument runs there when it can travel, else here through {@link java.util.concurrent.ConcurrentMap}'s
 * optimistic loop of atomic steps.
 */
final class MapProxy<K, V> extends AbstractMap<K, V> implements SharedMap<K, V> {

    private final Client client;
    private final Target target;

    MapProxy(Client client, Target target) {
        this.client = client;
        this.target = target;
    }

    private Object call(Op op, Object... args) {
        return client.call(target, op, 0, Duration.ZERO, args);
    }

    @SuppressWarnings("unchecked")
    private V value(Op op, Object... args) {
        return (V) call(op, args);
    }

    @Override
    public String name() {
        return target.name();
    }

    @Override
    public int size() {
        return (Integer) call(Op.SIZE);
    }

    @Override
    public boolean isEmpty() {
        return size() == 0;
    }

    @Override
    public boolean containsKey(Object key) {
        return (Boolean) call(Op.CONTAINS, Objects.requireNonNull(key, "key"));
    }

    @Override
    public boolean containsValue(Object value) {
        return (Boolean) call(Op.CONTAINS_VALUE, Objects.requireNonNull(value, "value"));
    }

    @Override
    public V get(Object key) {
        return value(Op.GET, Objects.requireNonNull(key, "key"));
    }

    @Override
    public V getOrDefault(Object key, V defaultValue) {
        return value(Op.GET_OR_DEFAULT, Objects.requireNonNull(key, "key"), defaultValue);
    }

    @Override
    public V put(K key, V value) {
        return value(Op.PUT, Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
    }

    @Override
    public void putAll(Map<? extends K, ? extends V> entries) {
        Object[] pairs = new Object[entries.size() * 2];
        int i = 0;
        for (Map.Entry<? extends K, ? extends V> e : entries.entrySet()) {
            pairs[i++] = Objects.requireNonNull(e.getKey(), "key");
            pairs[i++] = Objects.requireNonNull(e.getValue(), "value");
        }
        call(Op.PUT_ALL, pairs);
    }

    @Override
    public V remove(Object key) {
        return value(Op.REMOVE, Objects.requireNonNull(key, "key"));
    }

    @Override
    public void clear() {
        call(Op.CLEAR);
    }

    @Override
    public V putIfAbsent(K key, V value) {
        return value(Op.PUT_IF_ABSENT, Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
    }

    @Override
    public boolean remove(Object key, Object value) {
        return key != null && value != null && (Boolean) call(Op.REMOVE_IF_EQUAL, key, value);
    }

    @Override
    public V replace(K key, V value) {
        return value(Op.REPLACE, Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
    }

    @Override
    public boolean replace(K key, V oldValue, V newValue) {
        return (Boolean) call(Op.REPLACE_IF_EQUAL, Objects.requireNonNull(key, "key"),
            Objects.requireNonNull(oldValue, "oldValue"), Objects.requireNonNull(newValue, "newValue"));
    }

    // functions: in the manager when they can travel, else the ConcurrentMap loop of atomic steps, here

    @Override
    public V compute(K key, BiFunction<? super K, ? super V, ? extends V> remapping) {
        Shipped shipped = ship(remapping);
        if (shipped != null) {
            try {
                return value(Op.COMPUTE, Objects.requireNonNull(key, "key"), shipped);
            } catch (Client.LambdaRefused e) {
                client.refuse(remapping);
            }
        }
        return SharedMap.super.compute(key, remapping);
    }

    @Override
    public V compute(K key, RemoteBiFunction<? super K, ? super V, ? extends V> remapping) {
        return compute(key, (BiFunction<? super K, ? super V, ? extends V>) remapping);
    }

    @Override
    public V computeIfAbsent(K key, Function<? super K, ? extends V> mapping) {
        Shipped shipped = ship(mapping);
        if (shipped != null) {
            try {
                return value(Op.COMPUTE_IF_ABSENT, Objects.requireNonNull(key, "key"), shipped);
            } catch (Client.LambdaRefused e) {
                client.refuse(mapping);
            }
        }
        return SharedMap.super.computeIfAbsent(key, mapping);
    }

    @Override
    public V computeIfAbsent(K key, RemoteFunction<? super K, ? extends V> mapping) {
        return computeIfAbsent(key, (Function<? super K, ? extends V>) mapping);
    }

    @Override
    public V computeIfPresent(K key, BiFunction<? super K, ? super V, ? extends V> remapping) {
        Shipped shipped = ship(remapping);
        if (shipped != null) {
            try {
                return value(Op.COMPUTE_IF_PRESENT, Objects.requireNonNull(key, "key"), shipped);
            } catch (Client.LambdaRefused e) {
                client.refuse(remapping);
            }
        }
        return SharedMap.super.computeIfPresent(key, remapping);
    }

    @Override
    public V computeIfPresent(K key, RemoteBiFunction<? super K, ? super V, ? extends V> remapping) {
        return computeIfPresent(key, (BiFunction<? super K, ? super V, ? extends V>) remapping);
    }

    @Override
    public V merge(K key, V value, BiFunction<? super V, ? super V, ? extends V> remapping) {
        Shipped shipped = ship(remapping);
        if (shipped != null) {
            try {
                return value(Op.MERGE, Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"), shipped);
            } catch (Client.LambdaRefused e) {
                client.refuse(remapping);
            }
        }
        return SharedMap.super.merge(key, value, remapping);
    }

    @Override
    public V merge(K key, V value, RemoteBiFunction<? super V, ? super V, ? extends V> remapping) {
        return merge(key, value, (BiFunction<? super V, ? super V, ? extends V>) remapping);
    }

    @Override
    public void replaceAll(BiFunction<? super K, ? super V, ? extends V> function) {
        Shipped shipped = ship(function);
        if (shipped != null) {
            try {
                call(Op.REPLACE_ALL, shipped);
                return;
            } catch (Client.LambdaRefused e) {
                client.refuse(function);
            }
        }
        SharedMap.super.replaceAll(function);
    }

    @Override
    public void replaceAll(RemoteBiFunction<? super K, ? super V, ? extends V> function) {
        replaceAll((BiFunction<? super K, ? super V, ? extends V>) function);
    }

    private Shipped ship(Object function) {
        return client.ship(Objects.requireNonNull(function, "function"));
    }

    // snapshots

    @Override
    @SuppressWarnings("unchecked")
    public Map<K, V> snapshot() {
        List<Object> pairs = (List<Object>) call(Op.SNAPSHOT);
        Map<K, V> map = new LinkedHashMap<>(pairs.size());
        for (int i = 0; i + 1 < pairs.size(); i += 2) {
            map.put((K) pairs.get(i), (V) pairs.get(i + 1));
        }
        return map;
    }

    @Override
    public Set<Map.Entry<K, V>> entrySet() {
        return Snapshots.entries(snapshot(), target);
    }

    @Override
    @SuppressWarnings("unchecked")
    public Set<K> keySet() {
        return Snapshots.set((List<K>) call(Op.KEYS), target);
    }

    @Override
    @SuppressWarnings("unchecked")
    public Collection<V> values() {
        return Snapshots.list((List<V>) call(Op.VALUES), target);
    }

    @Override
    public void forEach(BiConsumer<? super K, ? super V> action) {
        snapshot().forEach(action);
    }

    @Override
    public String toString() {
        return snapshot().toString();
    }
}
