package io.jipc.manager;

import java.io.Serializable;
import java.util.function.Function;

/**
 * A {@link Function} that may run inside the manager: a serializable lambda or method reference. Written where a
 * {@link SharedMap} method expects one ({@code computeIfAbsent}), it travels to the manager and runs there, atomically
 * with the update.
 *
 * @param <T> the type of the input
 * @param <R> the type of the result
 */
@FunctionalInterface
public interface RemoteFunction<T, R> extends Function<T, R>, Serializable {
}
