/** Locks and semaphores in memory-mapped files: a compare-and-set per acquire, and recovery from a holder's death. */
package io.jipc.shm.sync;
