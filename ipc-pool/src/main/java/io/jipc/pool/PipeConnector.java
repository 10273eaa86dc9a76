package io.jipc.pool;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Consumer;

import io.jipc.Channel;
import io.jipc.Endpoint;
import io.jipc.IpcOptions;
import io.jipc.IpcException;
import io.jipc.process.JvmProcess;

/**
 * Workers on the {@code pipe:} transport: each talks to the pool over its own stdin and stdout, so its channel is
 * its identity (the pipe vouches for the child's pid). Nobody can join such a pool.
 */
final class PipeConnector implements WorkerConnector {

    private final Endpoint transport;
    private final IpcOptions options;

    /** @param options the pipe's options on the pool's side (the liveness timeout of its workers) */
    PipeConnector(Endpoint transport, IpcOptions options) {
        this.transport = transport;
        this.options = options;
    }

    @Override
    public String workerEndpoint() {
        return new Endpoint("pipe", "stdio", transport.parameters()).toString();
    }

    @Override
    public Optional<Endpoint> joinEndpoint() {
        return Optional.empty();
    }

    @Override
    public JvmProcess start(JvmProcess.Builder builder) {
        for (Map.Entry<String, String> e : transport.parameters().entrySet()) {
            builder.pipeParameter(e.getKey(), e.getValue());
        }
        return builder.channelOptions(options).start();
    }

    @Override
    public Channel connect(JvmProcess worker, Duration timeout) {
        Channel channel = worker.channel();
        try {
            Hello.receive(channel, timeout);
        } catch (IpcException e) {
            throw new WorkerStartException("worker " + worker.pid() + " did not greet the pool: " + e.getMessage(), e);
        }
        OptionalLong peer = channel.peer().pid();
        if (peer.isPresent() && peer.getAsLong() != worker.pid()) {
            throw new WorkerStartException("the pipe of worker " + worker.pid() + " leads to process "
                + peer.getAsLong(), null);
        }
        return channel;
    }

    @Override
    public void onJoin(Consumer<Joining> joiner) {
        // a pipe has one end: nobody joins
    }

    @Override
    public void close() {
        // each pipe is closed with its worker
    }
}
