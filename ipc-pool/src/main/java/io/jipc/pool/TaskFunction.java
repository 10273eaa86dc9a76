package io.jipc.pool;

import java.io.Serializable;

/**
 * The function of a {@link ProcessPool#map map}: sent once to each worker that needs it, then applied to each
 * input there. A serializable lambda or method reference ({@code Tasks::square}).
 *
 * @param <T> the type of the inputs
 * @param <R> the type of the results
 */
@FunctionalInterface
public interface TaskFunction<T, R> extends Serializable {

    /** Runs in a worker JVM. @return the result for {@code input} */
    R apply(T input) throws Exception;
}
