package io.jipc.manager;

import java.util.Map;
import java.util.Objects;
import java.util.Set;

/** A {@link SharedNamespace}: a map of names in the manager, seen through names. */
final class NamespaceProxy implements SharedNamespace {

    private final MapProxy<String, Object> values;

    NamespaceProxy(Client client, Target target) {
        this.values = new MapProxy<>(client, target);
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T> T get(String name) {
        return (T) values.get(name);
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T> T get(String name, T otherwise) {
        return (T) values.getOrDefault(name, otherwise);
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T> T set(String name, Object value) {
        return (T) (value == null ? values.remove(Objects.requireNonNull(name, "name")) : values.put(name, value));
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T> T remove(String name) {
        return (T) values.remove(Objects.requireNonNull(name, "name"));
    }

    @Override
    public boolean contains(String name) {
        return values.containsKey(name);
    }

    @Override
    public Set<String> names() {
        return values.keySet();
    }

    @Override
    public Map<String, Object> snapshot() {
        return values.snapshot();
    }

    @Override
    public String name() {
        return values.name();
    }

    @Override
    public String toString() {
        return "namespace '" + values.name() + "' " + values.snapshot();
    }
}
