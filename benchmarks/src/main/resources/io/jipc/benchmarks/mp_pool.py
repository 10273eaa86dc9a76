#!/usr/bin/env python3
"""Python's multiprocessing.Pool beside jipc's pool benchmark (run by PoolBenchmark from the jar, or by hand).

    python3 mp_pool.py <tasks at chunksize 1> <tasks at default chunksize> <workers>

Prints lines "chunk1 <tasks/s>", "default <tasks/s>", "start_ms <median ms from Pool(1) to its first result>".
The tasks square an int, like the Java side's; best of three runs after a warm-up.
"""
import multiprocessing as mp
import os
import statistics
import sys
import time


def square(x):
    return x * x


def pid(_):
    return os.getpid()


def best_rate(pool, n, chunksize):
    best = 0.0
    for _ in range(3):
        t = time.perf_counter()
        if chunksize:
            result = pool.map(square, range(n), chunksize=chunksize)
        else:
            result = pool.map(square, range(n))
        rate = n / (time.perf_counter() - t)
        assert result[-1] == (n - 1) * (n - 1)
        best = max(best, rate)
    return best


def main():
    n1, n2, workers = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
    with mp.Pool(workers) as pool:
        pool.map(square, range(10_000), chunksize=1)
        print("chunk1 %.0f" % best_rate(pool, n1, 1), flush=True)
        print("default %.0f" % best_rate(pool, n2, None), flush=True)
    starts = []
    for _ in range(5):
        t = time.perf_counter()
        with mp.Pool(1) as pool:
            pool.apply(pid, (0,))
        starts.append((time.perf_counter() - t) * 1000)
    print("start_ms %.1f" % statistics.median(starts), flush=True)


if __name__ == "__main__":
    main()
