package io.jipc.manager;

import java.io.Serializable;
import java.util.function.BiFunction;

/**
 * A {@link BiFunction} that may run inside the manager: a serializable lambda or method reference. Written where a
 * {@link SharedMap} method expects one ({@code merge(word, 1L, Long::sum)}), it travels to the manager and runs
 * there, atomically with the update.
 *
 * @param <T> the type of the first input
 * @param <U> the type of the second input
 * @param <R> the type of the result
 */
@FunctionalInterface
public interface RemoteBiFunction<T, U, R> extends BiFunction<T, U, R>, Serializable {
}
