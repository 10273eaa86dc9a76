package io.jipc.manager;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * A map (or a namespace: a map of names) in the manager: a {@link HashMap} under the object's lock, so every call
 * runs whole, a snapshot is one moment of the map, and a function shipped with {@code compute} or {@code merge} runs
 * atomically with its update. Arguments are decoded and results encoded outside the lock.
 */
final class ServedMap extends Served {

    private final Map<Object, Object> map = new HashMap<>();

    ServedMap(int handle, String name, Kind kind) {
        super(handle, name, kind);
    }

    @Override
    @SuppressWarnings("unchecked")
    void call(Request r, Reply reply) {
        switch (r.op()) {
            case SIZE -> {
                int size;
                synchronized (this) {
                    size = map.size();
                }
                reply.value(size);
            }
            case CLEAR -> {
                synchronized (this) {
                    map.clear();
                }
                reply.value(null);
            }
            case SNAPSHOT -> {
                Object[] entries;
                synchronized (this) {
                    entries = new Object[map.size() * 2];
                    int i = 0;
                    for (Map.Entry<Object, Object> e : map.entrySet()) {
                        entries[i++] = e.getKey();
                        entries[i++] = e.getValue();
                    }
                }
                reply.values(entries);
            }
            case KEYS -> {
                Object[] keys;
                synchronized (this) {
                    keys = map.keySet().toArray();
                }
                reply.values(keys);
            }
            case VALUES -> {
                Object[] values;
                synchronized (this) {
                    values = map.values().toArray();
                }
                reply.values(values);
            }
            case CONTAINS -> {
                Object key = r.arg(0);
                boolean found;
                synchronized (this) {
                    found = map.containsKey(key);
                }
                reply.value(found);
            }
            case CONTAINS_VALUE -> {
                Object value = r.arg(0);
                boolean found;
                synchronized (this) {
                    found = map.containsValue(value);
                }
                reply.value(found);
            }
            case GET -> {
                Object key = r.arg(0);
                Object value;
                synchronized (this) {
                    value = map.get(key);
                }
                reply.value(value);
            }
            case GET_OR_DEFAULT -> {
                Object key = r.arg(0);
                Object otherwise = r.arg(1);
                Object value;
                synchronized (this) {
                    value = map.getOrDefault(key, otherwise);
                }
                reply.value(value);
            }
            case PUT -> {
                Object key = r.arg(0);
                Object value = r.arg(1);
                Object previous;
                synchronized (this) {
                    previous = map.put(key, value);
                }
                reply.value(previous);
            }
            case PUT_ALL -> {
                List<Object> pairs = r.args(0);
                synchronized (this) {
                    for (int i = 0; i + 1 < pairs.size(); i += 2) {
                        map.put(pairs.get(i), pairs.get(i + 1));
                    }
                }
                reply.value(null);
            }
            case REMOVE -> {
                Object key = r.arg(0);
                Object previous;
                synchronized (this) {
                    previous = map.remove(key);
                }
                reply.value(previous);
            }
            case PUT_IF_ABSENT -> {
                Object key = r.arg(0);
                Object value = r.arg(1);
                Object previous;
                synchronized (this) {
                    previous = map.putIfAbsent(key, value);
                }
                reply.value(previous);
            }
            case REMOVE_IF_EQUAL -> {
                Object key = r.arg(0);
                Object value = r.arg(1);
                boolean removed;
                synchronized (this) {
                    removed = map.remove(key, value);
                }
                reply.value(removed);
            }
            case REPLACE -> {
                Object key = r.arg(0);
                Object value = r.arg(1);
                Object previous;
                synchronized (this) {
                    previous = map.replace(key, value);
                }
                reply.value(previous);
            }
            case REPLACE_IF_EQUAL -> {
                Object key = r.arg(0);
                Object expected = r.arg(1);
                Object value = r.arg(2);
                boolean replaced;
                synchronized (this) {
                    replaced = map.replace(key, expected, value);
                }
                reply.value(replaced);
            }
            case COMPUTE -> {
                Object key = r.arg(0);
                BiFunction<Object, Object, Object> f = (BiFunction<Object, Object, Object>) r.function(1);
                Object value;
                synchronized (this) {
                    value = map.compute(key, f);
                }
                reply.value(value);
            }
            case COMPUTE_IF_ABSENT -> {
                Object key = r.arg(0);
                Function<Object, Object> f = (Function<Object, Object>) r.function(1);
                Object value;
                synchronized (this) {
                    value = map.computeIfAbsent(key, f);
                }
                reply.value(value);
            }
            case COMPUTE_IF_PRESENT -> {
                Object key = r.arg(0);
                BiFunction<Object, Object, Object> f = (BiFunction<Object, Object, Object>) r.function(1);
                Object value;
                synchronized (this) {
                    value = map.computeIfPresent(key, f);
                }
                reply.value(value);
            }
            case MERGE -> {
                Object key = r.arg(0);
                Object given = r.arg(1);
                BiFunction<Object, Object, Object> f = (BiFunction<Object, Object, Object>) r.function(2);
                Object value;
                synchronized (this) {
                    value = map.merge(key, given, f);
                }
                reply.value(value);
            }
            case REPLACE_ALL -> {
                BiFunction<Object, Object, Object> f = (BiFunction<Object, Object, Object>) r.function(0);
                synchronized (this) {
                    Map<Object, Object> replaced = new HashMap<>(map); // all or nothing, should f throw half-way
                    replaced.replaceAll((k, v) -> {
                        Object value = f.apply(k, v);
                        if (value == null) { // as ConcurrentHashMap: a shared map holds no null values
                            throw new NullPointerException("the function of replaceAll returned null for key " + k
                                + " of " + describe() + ", which holds no null values");
                        }
                        return value;
                    });
                    map.putAll(replaced);
                }
                reply.value(null);
            }
            default -> throw Refusal.failed(r.op() + " is not an operation of a " + kind);
        }
    }
}
