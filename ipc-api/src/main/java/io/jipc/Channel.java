package io.jipc;

import java.time.Duration;
import java.util.function.Function;

import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * A duplex, message-oriented connection to one peer process.
 * <p>
 * Messages, not streams: the peer receives exactly the bytes of one send, in order, or nothing.
 * The hot path ({@link #offer}, {@link #poll}) never blocks and, in steady state, allocates nothing;
 * the convenience calls ({@link #send(byte[])}, {@link #receive(Duration)}) wait with the channel's idle strategy.
 * <p>
 * <b>Waiting, one rule.</b> Every call that waits has a timeout and reports it the same way: it throws
 * {@link IpcTimeoutException} (the channel stays usable). Every call that does not wait reports "nothing now" by its
 * return value: {@code offer} false, {@code poll} 0. A thread interrupted while it waits gets
 * {@link IpcInterruptedException}, with its interrupt status set again; nothing was sent or received by that call.
 * <p>
 * <b>Handlers.</b> A message handed to a {@link MessageHandler} is consumed when the handler is called: if the
 * handler throws, the exception leaves {@code poll} (or {@code receive}) as it is, that message is not delivered
 * again, and the messages after it wait for the next call. A handler may {@code offer} or {@code send} on the channel
 * it is reading from (sending and receiving are separate sides); it must not {@code poll} it again.
 * <p>
 * <b>Threads.</b> One thread at a time may send and one thread at a time may receive; sending and receiving may run
 * concurrently on two threads. {@link #close()} may be called from any thread, any number of times, and wakes a
 * thread blocked in this channel.
 * <p>
 * <b>Failures</b> are specific: {@link FrameTooLargeException} for a message over {@link #maxMessageLength()},
 * {@link ChannelClosedException} after {@link #close()}, {@link PeerGoneException} once the peer closed, exited or
 * died (after every message it sent was delivered), {@link ProtocolException} for bytes that break the protocol.
 */
public interface Channel extends Waitable, AutoCloseable {

    /** Timeout of {@link #send(byte[])}: how long a message may wait for room before the send fails. */
    Duration DEFAULT_SEND_TIMEOUT = Duration.ofSeconds(30);

    /**
     * How long {@link #close()} waits, by default, for the peer to take what was sent and answer with its own
     * end-of-stream; set another with {@link IpcOption#CLOSE_LINGER}.
     */
    Duration DEFAULT_CLOSE_LINGER = Duration.ofSeconds(2);

    /** @return the endpoint this channel was opened on */
    Endpoint endpoint();

    /** @return who is at the other end, as far as the transport can vouch for it */
    PeerInfo peer();

    /** @return the largest message, in bytes, that this channel can send to its peer */
    int maxMessageLength();

    /**
     * Offers one message without blocking.
     *
     * @param buffer holds the message
     * @param offset where the message starts
     * @param length its length in bytes, from 0 to {@link #maxMessageLength()}
     * @return true when the message was accepted (it will reach the peer unless the peer goes away); false on
     *     back-pressure: nothing was taken, try again later or use {@link #send}
     * @throws FrameTooLargeException when {@code length} exceeds {@link #maxMessageLength()}
     * @throws ChannelClosedException after {@link #close()}
     * @throws PeerGoneException when the peer is known to be gone
     */
    boolean offer(DirectBuffer buffer, int offset, int length);

    /**
     * Hands up to {@code limit} waiting messages to {@code handler}, without blocking.
     *
     * @return how many messages were handled, 0 when none was waiting
     * @throws PeerGoneException when none is waiting and the peer is gone: it closed, exited or died
     * @throws ChannelClosedException after {@link #close()}
     * @throws ProtocolException when the peer's bytes break the protocol (the channel is then closed)
     */
    int poll(MessageHandler handler, int limit);

    /**
     * Sends one message, waiting up to {@code timeout} for room.
     *
     * @throws IpcTimeoutException when no room appeared in time (nothing was sent)
     * @see #offer(DirectBuffer, int, int) for the other exceptions
     */
    void send(DirectBuffer buffer, int offset, int length, Duration timeout);

    /**
     * Sends one message, waiting up to {@code timeout} for room.
     *
     * @throws IpcTimeoutException when no room appeared in time (nothing was sent)
     */
    default void send(byte[] message, Duration timeout) {
        send(new UnsafeBuffer(message), 0, message.length, timeout);
    }

    /** Sends one message, waiting up to {@link #DEFAULT_SEND_TIMEOUT} for room. */
    default void send(byte[] message) {
        send(message, DEFAULT_SEND_TIMEOUT);
    }

    /**
     * Waits up to {@code timeout} for at least one message, then hands up to {@code limit} to {@code handler}.
     *
     * @return how many messages were handled, at least 1
     * @throws IpcTimeoutException when none arrived in time
     * @see #poll(MessageHandler, int) for the other exceptions
     */
    int receive(MessageHandler handler, int limit, Duration timeout);

    /**
     * Waits up to {@code timeout} for the next message and returns a copy of it.
     *
     * @return the message's bytes, possibly empty
     * @throws IpcTimeoutException when none arrived in time
     * @see #poll(MessageHandler, int) for the other exceptions
     */
    byte[] receive(Duration timeout);

    /**
     * Answers requests until the peer leaves: each message received is passed to {@code service} and a non-null
     * result is sent back. Returns normally when the peer closes, exits or dies, or when this channel is closed.
     *
     * @param service turns a request into a reply, or null for no reply; an exception it throws ends the loop
     * @throws IpcInterruptedException when the serving thread is interrupted (its interrupt status is set again)
     */
    default void serve(Function<byte[], byte[]> service) {
        while (true) {
            byte[] request;
            try {
                request = receive(Duration.ofHours(1));
            } catch (IpcTimeoutException e) {
                continue;
            } catch (PeerGoneException | ChannelClosedException e) {
                return;
            }
            byte[] reply = service.apply(request);
            if (reply != null) {
                try {
                    send(reply);
                } catch (PeerGoneException | ChannelClosedException e) {
                    return;
                }
            }
        }
    }

    /** @return true until this side closed the channel or it failed */
    boolean isOpen();

    /**
     * Never blocks; call it from the receiving thread.
     *
     * @return true when a {@link #poll} would not return 0 without a reason: a message is waiting, the peer is gone,
     *     or this channel is closed
     */
    @Override
    boolean isReady();

    /**
     * Closes this side gracefully, lingering up to {@link IpcOption#CLOSE_LINGER} (default
     * {@link #DEFAULT_CLOSE_LINGER}). Idempotent; see {@link #close(Duration)}.
     */
    @Override
    void close();

    /**
     * Closes this side gracefully: refuses new calls at once (a thread blocked in this channel wakes with
     * {@link ChannelClosedException}), delivers every message already accepted, sends end-of-stream (the peer reads
     * what was sent, then gets {@link PeerGoneException}), then waits up to {@code linger} for the peer's own
     * end-of-stream before releasing the stream or mapping. Messages the peer sends meanwhile are discarded.
     * A second call returns at once. Transports without {@link Capability#GRACEFUL_CLOSE} close at once and return
     * true when nothing was left unsent.
     *
     * @param linger how long to wait for the peer; zero to release at once
     * @return true when every accepted message was delivered and the peer answered with its end-of-stream (or was
     *     already gone after reading everything); false when the linger ran out first, or this side was already closed
     */
    boolean close(Duration linger);
}
