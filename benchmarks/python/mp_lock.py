#!/usr/bin/env python3
"""Python's multiprocessing.Lock and BoundedSemaphore on this machine, to set beside jipc's `lock` and
`semaphore` benchmarks: uncontended acquire+release (median of a few runs) and two processes handing the lock
to each other by turns, as SyncHandoffPeer does. Usage: python3 mp_lock.py [--quick]"""
import multiprocessing as mp
import statistics
import sys
import time


def rate(acquire, release, ops, runs):
    rates = []
    for r in range(runs + 1):
        start = time.perf_counter()
        for _ in range(ops):
            acquire()
            release()
        elapsed = time.perf_counter() - start
        if r > 0:
            rates.append(ops / elapsed)
    return statistics.median(rates)


def take_turns(lock, counter, parity, target):
    while True:
        while True:  # wait for our turn outside the lock, like the Java peer
            value = counter.value
            if value >= target or value & 1 == parity:
                break
        with lock:
            value = counter.value
            if value < target and value & 1 == parity:
                counter.value = value + 1
        if value >= target:
            return


def handoff_rate(lock, target):
    counter = mp.Value('q', 0, lock=False)
    peer = mp.Process(target=take_turns, args=(lock, counter, 1, target))
    peer.start()
    start = time.perf_counter()
    take_turns(lock, counter, 0, target)
    elapsed = time.perf_counter() - start
    peer.join()
    return target / elapsed


def main():
    quick = '--quick' in sys.argv
    ops = 1_000_000 if quick else 5_000_000
    runs = 3 if quick else 5
    handoffs = 20_000 if quick else 100_000
    lock = mp.Lock()
    sem = mp.BoundedSemaphore(5)
    lock_rate = rate(lock.acquire, lock.release, ops, runs)
    sem_rate = rate(sem.acquire, sem.release, ops, runs)
    handoff = handoff_rate(mp.Lock(), handoffs)
    print(f"python {sys.version.split()[0]} multiprocessing, start method {mp.get_start_method()}")
    print(f"Lock acquire+release, uncontended:              {lock_rate / 1e6:6.2f}M/s  {1e9 / lock_rate:7.1f} ns")
    print(f"BoundedSemaphore(5) acquire+release, uncontended: {sem_rate / 1e6:6.2f}M/s  {1e9 / sem_rate:7.1f} ns")
    print(f"Lock hand-off between two processes:            {handoff / 1e3:6.1f}k/s  {1e9 / handoff:7.1f} ns")
    print(f"RESULT backend=python-lock ops_per_s={lock_rate:.0f} ns_per_op={1e9 / lock_rate:.1f} "
          f"semaphore_ops_per_s={sem_rate:.0f} handoffs_per_s={handoff:.0f}")


if __name__ == '__main__':
    main()
