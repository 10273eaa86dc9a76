#!/usr/bin/env python3
"""Python's multiprocessing.Manager().dict() beside jipc's manager benchmark (run by ManagerBenchmark from the jar,
or by hand).

    python3 mp_manager.py <operations> <rounds>

The manager runs in its own process (Python's default), this process calls it through the dict's proxy, like the
Java side. Each round makes <operations> puts of distinct string keys and Long-sized int values, then as many gets.
Prints lines "put <ops/s>", "get <ops/s>", "ops <ops/s>" (puts and gets together), each the median of the rounds.
"""
import multiprocessing as mp
import statistics
import sys
import time


def main():
    n, rounds = int(sys.argv[1]), int(sys.argv[2])
    keys = ["key-%d" % i for i in range(n)]
    puts, gets, both = [], [], []
    with mp.Manager() as manager:
        d = manager.dict()
        for k in keys[:1000]:           # warm-up
            d[k] = 1
            d[k]
        for _ in range(rounds):
            t0 = time.perf_counter()
            for i, k in enumerate(keys):
                d[k] = i
            t1 = time.perf_counter()
            for k in keys:
                d[k]
            t2 = time.perf_counter()
            puts.append(n / (t1 - t0))
            gets.append(n / (t2 - t1))
            both.append(2 * n / (t2 - t0))
    print("put %.0f" % statistics.median(puts), flush=True)
    print("get %.0f" % statistics.median(gets), flush=True)
    print("ops %.0f" % statistics.median(both), flush=True)


if __name__ == "__main__":
    main()
