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
 * the convenience calls ({@link #send(byte[])}, {@link #receive(Duration)}) wait with the channel's idle strategy
 * and always have a timeout.
 * <p>
 * Threads: one thread at a time may send and one thread at a time may receive; sending and receiving may run
 * concurrently on two threads. {@link #close()} may be called from any thread, any number of times, and wakes a
 * thread blocked in this channel.
 * <p>
 * Failures are specific: {@link FrameTooLargeException} for a message over {@link #maxMessageLength()},
 * {@link ChannelClosedException} after {@link #close()}, {@link PeerGoneException} once the peer closed, exited or
 * died (after every message it sent was delivered), {@link ProtocolException} for bytes that break the protocol.
 */
public interface Channel extends AutoCloseable {

    /** Timeout of {@link #send(byte[])}: how long a message may wait for room before the send fails. */
    Duration DEFAULT_SEND_TIMEOUT = Duration.ofSeconds(30);

    /** @return the endpoint this channel was opened on */
    Endpoint endpoint();

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
     * @return how many messages were handled; 0 when the timeout passed with none
     * @see #poll(MessageHandler, int) for the exceptions
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
     */
    default void serve(Function<byte[], byte[]> service) {
        while (true) {
            byte[] request;
            try {
                request = receive(Duration.ofDays(1));
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
     * Closes this side: the peer sees end-of-stream ({@link PeerGoneException} after the messages already sent),
     * and a thread blocked in this channel wakes with {@link ChannelClosedException}. Idempotent.
     */
    @Override
    void close();
}
