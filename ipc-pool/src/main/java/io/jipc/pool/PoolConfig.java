package io.jipc.pool;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;

import io.jipc.Endpoint;
import io.jipc.IpcOptions;
import io.jipc.process.JvmProcess;

/**
 * A pool's settings, validated by {@link ProcessPool.Builder#build()}.
 *
 * @param workers            number of worker JVMs the pool starts and keeps running (0: only workers that join)
 * @param transport          how workers reach the pool
 * @param transportOptions   the options the pool binds its transport with (a key for local workers too)
 * @param jvmOptions         extra options of every worker JVM
 * @param initializer        runs in each worker before its first task, or null
 * @param maxTasksPerWorker  jobs a worker runs before it is replaced (0: no limit)
 * @param codecFactory       makes the codec of tasks and results, here and in every worker
 * @param allowed            the codec's allow-list patterns
 * @param startTimeout       longest time from spawn to ready, initializer included
 * @param grace              how long a closing worker may take to exit before it is terminated
 * @param stderr             where workers' standard error goes
 * @param classDataArchive   AppCDS archive for the workers, or null
 * @param executeFailures    where the failures of tasks given to {@code execute} go
 * @param spares             warm spare workers the pool keeps ready to replace a lost or retired one
 */
record PoolConfig(int workers, Endpoint transport, IpcOptions transportOptions, List<String> jvmOptions,
                  Initializer initializer,
                  int maxTasksPerWorker, Class<? extends TaskCodecFactory> codecFactory, List<String> allowed,
                  Duration startTimeout, Duration grace, JvmProcess.Stderr stderr, Path classDataArchive,
                  Consumer<Throwable> executeFailures, int spares) {
}
