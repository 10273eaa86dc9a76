/**
 * Not API: the one mechanism behind every jipc shared-memory file (its header, creating it whole under a temporary
 * name, opening and checking it, mapping and unmapping it), shared by ipc-shm's channels, segments, locks and
 * semaphores and read by the jipc tool. It may change in any release.
 */
package io.jipc.shm.file;
