/** The classic {@code multiprocessing} demos across JVMs: a counter under an {@code IpcLock}, five-at-a-time under an {@code IpcSemaphore}. */
package io.jipc.examples.sync;
