package io.jipc.benchmarks;

import java.util.Map;

/**
 * One backend's cross-process benchmark: measures the backend and, in the same run, its raw floor.
 * Implementations are named {@code io.jipc.benchmarks.<Name>Benchmark} and registered in {@link Bench}.
 */
public interface BackendBenchmark {

    /**
     * Runs the benchmark, printing a human-readable table to standard output as it goes.
     *
     * @param quick true for a short run (the whole of {@code --quick} finishes in under a minute)
     * @return the fields of the {@code RESULT backend=<name> ...} line, in order, without {@code backend}
     */
    Map<String, String> run(boolean quick) throws Exception;
}
