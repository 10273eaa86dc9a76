package io.jipc.benchmarks;

import io.jipc.Channel;
import io.jipc.Ipc;

/** Child JVM of the shm benchmark: connects to {@code args[0]} and runs a {@link ChannelResponder} with idle strategy {@code args[1]}. */
public final class ShmResponder {

    private ShmResponder() {
    }

    /** Serves the parent until it closes the channel. */
    public static void main(String[] args) {
        try (Channel parent = Ipc.connect(args[0])) {
            new ChannelResponder(parent, Idle.named(args[1])).serve();
        }
    }
}
