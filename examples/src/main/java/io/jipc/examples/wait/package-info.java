/** Waiting on many things at once: a pipe worker, a shared-memory worker and a child process, with Ipc.wait. */
package io.jipc.examples.wait;
