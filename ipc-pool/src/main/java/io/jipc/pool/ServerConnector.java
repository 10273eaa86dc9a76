package io.jipc.pool;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import io.jipc.Channel;
import io.jipc.ChannelServer;
import io.jipc.Endpoint;
import io.jipc.Ipc;
import io.jipc.IpcTimeoutException;
import io.jipc.process.JvmProcess;

/**
 * Workers on a transport that binds ({@code shm:}, {@code unix:}, {@code tcp:}...): the pool binds one server and
 * passes its endpoint to every worker; workers arrive in any order and are told apart by the pid in their HELLO.
 */
final class ServerConnector implements WorkerConnector {

    private final ChannelServer server;
    private final Map<Long, Channel> arrived = new HashMap<>();

    ServerConnector(Endpoint transport) {
        this.server = Ipc.bind(transport, io.jipc.IpcOptions.defaults());
    }

    @Override
    public String workerEndpoint() {
        return server.endpoint().toString();
    }

    @Override
    public void configure(JvmProcess.Builder builder) {
        // the endpoint is the worker's argument
    }

    @Override
    public synchronized Channel connect(JvmProcess worker, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Channel mine = arrived.remove(worker.pid());
            if (mine != null) {
                return mine;
            }
            if (!worker.isAlive()) {
                throw new WorkerStartException("worker " + worker.pid() + " exited with code "
                    + worker.exitCode().orElse(-1) + " before connecting to " + server.endpoint(), null);
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new WorkerStartException("worker " + worker.pid() + " did not connect to " + server.endpoint()
                    + " within " + timeout, null);
            }
            try {
                Channel channel = server.accept(Duration.ofMillis(Math.min(100, Math.max(1, left / 1_000_000))));
                arrived.put(WorkerConnector.hello(channel, timeout), channel);
            } catch (IpcTimeoutException e) {
                // look again
            }
        }
    }

    @Override
    public synchronized void close() {
        arrived.values().forEach(Channel::close);
        arrived.clear();
        server.close();
    }
}
