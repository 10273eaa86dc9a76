/** Master and workers over shared memory: a bound shm: server, one ring-buffer channel per worker, a shared counter. */
package io.jipc.examples.shm;
