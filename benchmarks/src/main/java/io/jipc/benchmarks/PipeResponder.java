package io.jipc.benchmarks;

import io.jipc.Channel;
import io.jipc.Ipc;

/** Child JVM of the pipe benchmark: a {@link ChannelResponder} on {@code pipe:stdio}. */
public final class PipeResponder {

    private PipeResponder() {
    }

    /** Serves the parent until it closes the pipe. */
    public static void main(String[] args) {
        try (Channel parent = Ipc.connect("pipe:stdio")) {
            new ChannelResponder(parent, Idle.named(args.length > 0 ? args[0] : "backoff")).serve();
        }
    }
}
