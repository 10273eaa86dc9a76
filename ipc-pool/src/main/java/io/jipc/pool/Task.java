package io.jipc.pool;

import java.io.Serializable;
import java.util.concurrent.Callable;

/**
 * A task for a worker JVM: a serializable {@link Callable}, so a lambda or method reference typed as a {@code Task}
 * can cross the process boundary. What it captures must be serializable and allowed by the pool's codec.
 *
 * @param <R> the type of its result
 */
@FunctionalInterface
public interface Task<R> extends Callable<R>, Serializable {

    /** Runs in a worker JVM. @return the result, sent back to the pool's JVM */
    @Override
    R call() throws Exception;
}
