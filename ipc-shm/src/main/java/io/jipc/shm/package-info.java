/** Shared memory between processes: ring-buffer channels, named segments, values, locks and semaphores. */
package io.jipc.shm;
