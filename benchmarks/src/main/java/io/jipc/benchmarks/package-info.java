/** Cross-process benchmarks: every backend measured against its raw floor in the same run, on the same machine state. */
package io.jipc.benchmarks;
