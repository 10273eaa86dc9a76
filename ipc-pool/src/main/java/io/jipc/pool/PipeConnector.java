package io.jipc.pool;

import java.time.Duration;
import java.util.Map;

import io.jipc.Channel;
import io.jipc.Endpoint;
import io.jipc.process.JvmProcess;

/** Workers on the {@code pipe:} transport: each talks to the pool over its own stdin and stdout. */
final class PipeConnector implements WorkerConnector {

    private final Endpoint transport;

    PipeConnector(Endpoint transport) {
        this.transport = transport;
    }

    @Override
    public String workerEndpoint() {
        return new Endpoint("pipe", "stdio", transport.parameters()).toString();
    }

    @Override
    public void configure(JvmProcess.Builder builder) {
        for (Map.Entry<String, String> e : transport.parameters().entrySet()) {
            builder.pipeParameter(e.getKey(), e.getValue());
        }
    }

    @Override
    public Channel connect(JvmProcess worker, Duration timeout) {
        Channel channel = worker.channel();
        long pid = WorkerConnector.hello(channel, timeout);
        if (pid != worker.pid()) {
            throw new WorkerStartException("the worker on the pipe of process " + worker.pid() + " says it is " + pid, null);
        }
        return channel;
    }

    @Override
    public void close() {
        // each pipe is closed with its worker
    }
}
