#!/usr/bin/env python3
"""Python's multiprocessing beside jipc's pipe benchmark: Pipe round trip and Queue one-way throughput.

32-byte messages (bytes), one child process, warm-up first. Prints a small table and a RESULT line:
    python3 benchmarks/python/mp_pipe.py [--quick]
"""
import multiprocessing as mp
import statistics
import sys
import time

MESSAGE = b"\x01" * 32
END = b"\x03" * 32


def echo(conn):
    """Echoes every message until the parent closes its end."""
    try:
        while True:
            conn.send_bytes(conn.recv_bytes())
    except EOFError:
        pass


def count(queue, acks):
    """Counts messages; at END, acknowledges the count; None ends."""
    n = 0
    while True:
        item = queue.get()
        if item is None:
            return
        if item == END:
            acks.put(n)
            n = 0
        else:
            n += 1


def pipe_rtt(seconds, warmup):
    parent, child = mp.Pipe()
    proc = mp.Process(target=echo, args=(child,), daemon=True)
    proc.start()
    child.close()
    try:
        end = time.perf_counter() + warmup
        while time.perf_counter() < end:
            parent.send_bytes(MESSAGE)
            parent.recv_bytes()
        samples = []
        end = time.perf_counter_ns() + int(seconds * 1e9)
        now = time.perf_counter_ns()
        while now < end:
            parent.send_bytes(MESSAGE)
            parent.recv_bytes()
            after = time.perf_counter_ns()
            samples.append(after - now)
            now = after
        samples.sort()
        pct = lambda p: samples[min(len(samples) - 1, int(len(samples) * p / 100))] / 1000.0
        return pct(50), pct(99), pct(99.9), len(samples)
    finally:
        parent.close()
        proc.join(5)
        if proc.is_alive():
            proc.kill()


def queue_rate(rounds, seconds, burst):
    queue, acks = mp.Queue(), mp.Queue()
    proc = mp.Process(target=count, args=(queue, acks), daemon=True)
    proc.start()
    rates = []
    try:
        for r in range(rounds + 1):  # round 0 is warm-up
            start = time.perf_counter()
            sent = 0
            while True:
                for _ in range(burst):
                    queue.put(MESSAGE)
                queue.put(END)
                got = acks.get(timeout=60)
                if got != burst:
                    raise RuntimeError(f"child counted {got} of {burst}")
                sent += burst
                elapsed = time.perf_counter() - start
                if elapsed >= seconds:
                    break
            if r > 0:
                rates.append(sent / elapsed)
        return statistics.median(rates)
    finally:
        queue.put(None)
        proc.join(5)
        if proc.is_alive():
            proc.kill()


def main():
    quick = "--quick" in sys.argv[1:]
    seconds, rounds = (2, 3) if quick else (10, 5)
    p50, p99, p999, n = pipe_rtt(seconds, 1)
    rate = queue_rate(rounds, seconds / 2, 100_000)
    print(f"python {sys.version.split()[0]} multiprocessing, 32-byte messages")
    print(f"{'':24}{'rtt p50 us':>12}{'p99 us':>10}{'p99.9 us':>10}{'round trips':>13}{'msgs/s one way':>16}")
    print(f"{'Pipe (send/recv_bytes)':24}{p50:12.1f}{p99:10.1f}{p999:10.1f}{n:13d}{'':>16}")
    print(f"{'Queue (put/get)':24}{'':>12}{'':>10}{'':>10}{'':>13}{rate:16.0f}")
    print(f"RESULT backend=python-mp pipe_rtt_p50_us={p50:.1f} pipe_rtt_p99_us={p99:.1f} queue_msgs_per_s={rate:.0f}")


if __name__ == "__main__":
    main()
