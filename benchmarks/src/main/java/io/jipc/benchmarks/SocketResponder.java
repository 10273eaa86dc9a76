package io.jipc.benchmarks;

import io.jipc.Channel;
import io.jipc.Ipc;

/** Child JVM of the socket benchmarks: connects to {@code args[0]} and runs a {@link ChannelResponder} with idle {@code args[1]}. */
public final class SocketResponder {

    private SocketResponder() {
    }

    /** Serves the parent until it closes the channel. */
    public static void main(String[] args) {
        try (Channel parent = Ipc.connect(args[0])) {
            new ChannelResponder(parent, Idle.named(args[1])).serve();
        }
    }
}
