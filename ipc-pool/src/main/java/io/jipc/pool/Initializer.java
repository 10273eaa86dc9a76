package io.jipc.pool;

import java.io.Serializable;

/** Runs once in each worker JVM before its first task (Python's {@code Pool(initializer=...)}). */
@FunctionalInterface
public interface Initializer extends Serializable {

    /** Prepares the worker; an exception keeps the worker from starting and is reported with its remote trace. */
    void run() throws Exception;
}
