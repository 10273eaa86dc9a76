/** Process pools: hand tasks to a pool of worker JVMs and get futures back, like Python's {@code multiprocessing.Pool}. */
package io.jipc.pool;
