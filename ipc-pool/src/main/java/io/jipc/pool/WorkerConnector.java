package io.jipc.pool;

import java.time.Duration;
import java.util.Optional;
import java.util.function.Consumer;

import io.jipc.Channel;
import io.jipc.Endpoint;
import io.jipc.process.JvmProcess;

/**
 * How workers reach the pool on its transport, and how the pool knows which is which: the pipe to each child (its
 * stdin and stdout), or a server the pool binds, which workers it started and workers started by hand connect to
 * ({@code shm:}, {@code unix:}, {@code tcp:}...). The only per-transport code of the pool. Thread-safe.
 */
interface WorkerConnector extends AutoCloseable {

    /** @return the connector for a pool's transport: {@code pipe:} uses each child's pipe, any other scheme binds */
    static WorkerConnector forTransport(PoolConfig config) {
        return config.transport().scheme().equals("pipe") ? new PipeConnector(config.transport(), config.transportOptions())
            : new ServerConnector(config.transport(), config.transportOptions());
    }

    /** @return the endpoint a worker the pool starts connects to */
    String workerEndpoint();

    /** @return where workers started by hand join the pool; empty when they cannot (pipes) */
    Optional<Endpoint> joinEndpoint();

    /** Starts a worker JVM, with what the transport needs (a key, a token) in its environment. */
    JvmProcess start(JvmProcess.Builder builder);

    /**
     * Waits for the channel of a worker {@link #start} started, and its HELLO.
     *
     * @throws WorkerStartException when it does not come in time, or the worker exits first
     */
    Channel connect(JvmProcess worker, Duration timeout);

    /**
     * From now on hands each worker that connects without being one the pool started to {@code joiner} (on a thread
     * of the connector's), after its HELLO; those that came before are handed over at once.
     */
    void onJoin(Consumer<Joining> joiner);

    /** Stops accepting; closes the channels of workers not handed over yet. */
    @Override
    void close();

    /**
     * A worker started by hand, connected and greeted.
     *
     * @param channel to it
     * @param hello   what it said
     */
    record Joining(Channel channel, Hello hello) {
    }
}
