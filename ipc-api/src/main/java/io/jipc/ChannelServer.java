package io.jipc;

import java.time.Duration;

/**
 * A bound address that accepts channels from many peers (shared-memory inbox, socket listener).
 * <p>
 * Thread-safe: several threads may accept at once; each peer is handed to exactly one of them. Closing it stops
 * accepting, wakes the threads in {@link #accept}, and releases the address; channels already accepted stay open.
 */
public interface ChannelServer extends Waitable, AutoCloseable {

    /** @return the endpoint peers connect to (for example with a resolved port) */
    Endpoint endpoint();

    /**
     * Waits up to {@code timeout} for the next peer.
     *
     * @return a channel to it
     * @throws IpcTimeoutException when no peer came in time
     * @throws IpcInterruptedException when the thread was interrupted while waiting (its status is set again)
     * @throws ChannelClosedException when the server is closed
     */
    Channel accept(Duration timeout);

    /**
     * Accepts the next peer if one is waiting, without blocking on a peer that is not there (a peer that is
     * half-way through connecting may be waited for briefly, within the connect handshake's own bound).
     *
     * @return a channel to it, or null when no peer is waiting
     * @throws ChannelClosedException when the server is closed
     */
    Channel tryAccept();

    /** @return true when a peer is waiting to be accepted, or the server is closed */
    @Override
    boolean isReady();

    /** Stops accepting and releases the address. Idempotent. */
    @Override
    void close();
}
