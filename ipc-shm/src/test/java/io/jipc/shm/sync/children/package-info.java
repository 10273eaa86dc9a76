/** Main classes the lock and semaphore tests run in child JVMs. */
package io.jipc.shm.sync.children;
