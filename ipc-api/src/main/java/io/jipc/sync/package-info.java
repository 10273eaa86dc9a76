/** Locks and semaphores shared between processes, which recover from a holder's death: {@link io.jipc.sync.IpcLock}, {@link io.jipc.sync.IpcSemaphore}. */
package io.jipc.sync;
