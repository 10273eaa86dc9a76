package io.jipc.children;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Collectors;

import io.jipc.Channel;
import io.jipc.Ipc;
import io.jipc.pool.ProcessPool;

/** Builds a pool of two workers, sends their pids to its parent (comma-separated) and holds the pool until killed. */
public final class PoolHolder {

    private PoolHolder() {
    }

    public static void main(String[] args) {
        ProcessPool pool = ProcessPool.builder().workers(2).build();
        try (Channel parent = Ipc.connect("pipe:stdio")) {
            String pids = pool.workerPids().stream().map(String::valueOf).collect(Collectors.joining(","));
            parent.send(pids.getBytes(StandardCharsets.US_ASCII));
            while (true) {
                LockSupport.park();
            }
        }
    }
}
