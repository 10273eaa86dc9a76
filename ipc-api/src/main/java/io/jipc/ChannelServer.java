package io.jipc;

import java.time.Duration;

/**
 * A bound address that accepts channels from many peers (shared-memory inbox, socket listener).
 * Thread-safe. Closing it stops accepting and releases the address; channels already accepted stay open.
 */
public interface ChannelServer extends AutoCloseable {

    /** @return the endpoint peers connect to (for example with a resolved port) */
    Endpoint endpoint();

    /**
     * Waits up to {@code timeout} for the next peer.
     *
     * @return a channel to it
     * @throws IpcTimeoutException when no peer came in time
     * @throws ChannelClosedException when the server is closed
     */
    Channel accept(Duration timeout);

    /** Stops accepting and releases the address. Idempotent. */
    @Override
    void close();
}
