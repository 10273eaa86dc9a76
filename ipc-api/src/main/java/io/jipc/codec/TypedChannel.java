package io.jipc.codec;

import java.time.Duration;
import java.util.Objects;
import java.util.function.Consumer;

import io.jipc.Channel;
import io.jipc.Endpoint;

/**
 * A view of a byte {@link Channel} that sends and receives values through a {@link Codec}.
 * Same threading as the channel: one sending thread and one receiving thread at a time. Closing the typed
 * channel closes the underlying one. A value that encodes to more than the channel's largest message fails with
 * {@link io.jipc.FrameTooLargeException} as soon as the encoding passes the limit, before the rest is encoded.
 *
 * @param <T> the type of the messages
 */
public final class TypedChannel<T> implements AutoCloseable {

    private final Channel channel;
    private final Codec<T> codec;
    private final LimitedBuffer sendBuffer;

    private TypedChannel(Channel channel, Codec<T> codec) {
        this.channel = Objects.requireNonNull(channel, "channel");
        this.codec = Objects.requireNonNull(codec, "codec");
        this.sendBuffer = new LimitedBuffer(channel.endpoint(), 256, channel.maxMessageLength());
    }

    /** @return a typed view of {@code channel} */
    public static <T> TypedChannel<T> of(Channel channel, Codec<T> codec) {
        return new TypedChannel<>(channel, codec);
    }

    /** @return the underlying byte channel */
    public Channel channel() {
        return channel;
    }

    /** @return the endpoint of the underlying channel */
    public Endpoint endpoint() {
        return channel.endpoint();
    }

    /** Encodes and offers a value without blocking; false on back-pressure. @see Channel#offer */
    public boolean offer(T value) {
        int length = codec.encode(value, sendBuffer, 0);
        return channel.offer(sendBuffer, 0, length);
    }

    /** Encodes and sends a value, waiting up to {@link Channel#DEFAULT_SEND_TIMEOUT} for room. */
    public void send(T value) {
        send(value, Channel.DEFAULT_SEND_TIMEOUT);
    }

    /** Encodes and sends a value, waiting up to {@code timeout} for room. @see Channel#send */
    public void send(T value, Duration timeout) {
        int length = codec.encode(value, sendBuffer, 0);
        channel.send(sendBuffer, 0, length, timeout);
    }

    /**
     * Waits up to {@code timeout} for the next value.
     *
     * @throws io.jipc.IpcTimeoutException when none arrived in time
     * @throws CodecException when its bytes do not decode
     */
    public T receive(Duration timeout) {
        Object[] holder = new Object[1];
        channel.receive((buffer, offset, length) -> holder[0] = codec.decode(buffer, offset, length), 1, timeout);
        @SuppressWarnings("unchecked")
        T value = (T) holder[0];
        return value;
    }

    /** Decodes up to {@code limit} waiting values into {@code consumer} without blocking. @return how many */
    public int poll(Consumer<? super T> consumer, int limit) {
        return channel.poll((buffer, offset, length) -> consumer.accept(codec.decode(buffer, offset, length)), limit);
    }

    /** Closes the underlying channel. */
    @Override
    public void close() {
        channel.close();
    }
}
