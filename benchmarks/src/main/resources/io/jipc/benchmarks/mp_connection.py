#!/usr/bin/env python3
"""Python's multiprocessing.connection beside jipc's socket benchmarks (run from the jar by SocketBenchmark).

    python3 mp_connection.py tcp|unix [--quick]

A Listener with an authkey, a child process that connects with Client and the same key (HMAC challenge in both
directions, as jipc's handshake), 32-byte messages: a ping-pong (send_bytes / recv_bytes), then one-way bursts of
send_bytes acknowledged by the child. Prints "key value" lines: rtt_p50_us, rtt_p99_us, msgs_per_s.
"""
import multiprocessing as mp
import os
import statistics
import sys
import tempfile
import time
from multiprocessing.connection import Client, Listener

KEY = os.urandom(32)
PING = b"\x01" + b"\x00" * 31
DATA = b"\x02" + b"\x00" * 31
END = b"\x03" + b"\x00" * 31


def child(address, family):
    conn = Client(address, family=family, authkey=KEY)
    count = 0
    try:
        while True:
            msg = conn.recv_bytes()
            kind = msg[0]
            if kind == 2:
                count += 1
            elif kind == 1:
                conn.send_bytes(msg)
            else:
                conn.send_bytes(count.to_bytes(8, "little"))
                count = 0
    except EOFError:
        pass


def main():
    family = "AF_UNIX" if sys.argv[1] == "unix" else "AF_INET"
    quick = "--quick" in sys.argv[2:]
    seconds, rounds, burst = (1, 3, 20_000) if quick else (3, 5, 100_000)
    tmp = tempfile.mkdtemp(prefix="jipc-py-")
    address = os.path.join(tmp, "s") if family == "AF_UNIX" else ("127.0.0.1", 0)
    with Listener(address, family=family, authkey=KEY) as listener:
        proc = mp.Process(target=child, args=(listener.address, family), daemon=True)
        proc.start()
        conn = listener.accept()
        end = time.perf_counter() + 1
        while time.perf_counter() < end:
            conn.send_bytes(PING)
            conn.recv_bytes()
        samples = []
        end = time.perf_counter_ns() + int(seconds * 1e9)
        now = time.perf_counter_ns()
        while now < end:
            conn.send_bytes(PING)
            conn.recv_bytes()
            after = time.perf_counter_ns()
            samples.append(after - now)
            now = after
        samples.sort()
        rates = []
        for r in range(rounds + 1):
            start = time.perf_counter()
            for _ in range(burst):
                conn.send_bytes(DATA)
            conn.send_bytes(END)
            got = int.from_bytes(conn.recv_bytes(), "little")
            if got != burst:
                raise RuntimeError(f"child counted {got} of {burst}")
            if r > 0:
                rates.append(burst / (time.perf_counter() - start))
        conn.close()
        proc.join(5)
    os.rmdir(tmp)
    print("rtt_p50_us", samples[len(samples) // 2] / 1000.0)
    print("rtt_p99_us", samples[min(len(samples) - 1, int(len(samples) * 0.99))] / 1000.0)
    print("msgs_per_s", statistics.median(rates))


if __name__ == "__main__":
    main()
