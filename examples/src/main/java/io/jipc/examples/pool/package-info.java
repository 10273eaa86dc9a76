/** Process pools: Python's classic {@code Pool} demos on worker JVMs: async tasks with callbacks, a parallel map. */
package io.jipc.examples.pool;
