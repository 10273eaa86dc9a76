package io.jipc.manager;

import java.util.Map;
import java.util.Set;

/**
 * Named values in a manager, shared by every process that opens the namespace by name ({@link Manager#namespace}):
 * Python's {@code Manager().Namespace()}, with {@code get} and {@code set} for its attributes.
 * <pre>{@code
 * SharedNamespace settings = manager.namespace("settings");
 * settings.set("threshold", 0.75);
 * double threshold = settings.get("threshold");      // in any process
 * }</pre>
 * Each call is one request to the manager; values cross through its codec. Thread-safe.
 */
public interface SharedNamespace {

    /**
     * @return the value named {@code name}, or null when there is none
     * @param <T> the type the caller expects (a {@link ClassCastException} where it is another)
     */
    <T> T get(String name);

    /** @return the value named {@code name}, or {@code otherwise} when there is none */
    <T> T get(String name, T otherwise);

    /** Sets the value named {@code name}; null removes it. @return the value it replaced, or null */
    <T> T set(String name, Object value);

    /** Removes the value named {@code name}. @return the value removed, or null */
    <T> T remove(String name);

    /** @return true when a value is named {@code name} */
    boolean contains(String name);

    /** @return the names, at one moment */
    Set<String> names();

    /** @return every name and value, at one moment */
    Map<String, Object> snapshot();

    /** @return the namespace's name in its manager */
    String name();
}
