package io.jipc.pool;

import java.time.Duration;

import org.agrona.concurrent.UnsafeBuffer;

import io.jipc.Channel;
import io.jipc.Endpoint;
import io.jipc.process.JvmProcess;

/**
 * How workers reach the pool on its transport: the pipe to each child (its stdin and stdout), or a server the pool
 * binds and every worker connects to ({@code shm:}, {@code unix:}, {@code tcp:}...). Thread-safe.
 */
interface WorkerConnector extends AutoCloseable {

    /** @return the connector for a pool transport: {@code pipe:} uses each child's pipe, any other scheme binds a server */
    static WorkerConnector forTransport(Endpoint transport) {
        return transport.scheme().equals("pipe") ? new PipeConnector(transport) : new ServerConnector(transport);
    }

    /** @return the endpoint a worker connects to */
    String workerEndpoint();

    /** Adds what the transport needs to a worker's launch. */
    void configure(JvmProcess.Builder builder);

    /**
     * Waits for {@code worker}'s channel and its HELLO.
     *
     * @throws io.jipc.IpcException when it does not come in time, or the worker dies first
     */
    Channel connect(JvmProcess worker, Duration timeout);

    @Override
    void close();

    /** Reads a worker's HELLO. @return the pid it announces */
    static long hello(Channel channel, Duration timeout) {
        byte[] hello = channel.receive(timeout);
        if (hello.length != PoolProtocol.HELLO_LENGTH || hello[PoolProtocol.TYPE_OFFSET] != PoolProtocol.HELLO) {
            throw new WorkerStartException(channel.endpoint() + ": expected a pool worker's HELLO, received "
                + hello.length + " bytes (is the worker io.jipc.pool.Worker?)", null);
        }
        return new UnsafeBuffer(hello).getLong(PoolProtocol.PID_OFFSET, PoolProtocol.ORDER);
    }
}
