package io.jipc.spi;

import java.time.Duration;
import java.util.Objects;

import org.agrona.DirectBuffer;
import org.agrona.concurrent.IdleStrategy;

import io.jipc.Channel;
import io.jipc.Endpoint;
import io.jipc.IpcInterruptedException;
import io.jipc.IpcTimeoutException;
import io.jipc.MessageHandler;
import io.jipc.internal.jfr.Jfr;

/**
 * The blocking half of {@link Channel} built on a backend's {@link #offer} and {@link #poll}: waits with an idle
 * strategy (one for the sending thread, one for the receiving thread) until the deadline, honouring interrupts, and
 * reports a timeout by {@link IpcTimeoutException} as the contract says.
 */
public abstract class AbstractChannel implements Channel {

    /**
     * The default wait of {@code send} and {@code receive}: a {@link Backoff} with its standard settings (yields for
     * a few hundred microseconds, then parks that stay short while messages came recently): an idle channel costs
     * no CPU.
     */
    public static IdleStrategy defaultIdleStrategy() {
        return new Backoff();
    }

    /** The endpoint this channel was opened on. */
    protected final Endpoint endpoint;
    private final IdleStrategy sendIdle;
    private final IdleStrategy receiveIdle;
    private final Copier copier = new Copier();

    /**
     * @param endpoint    names this channel in errors
     * @param sendIdle    how the sending thread waits for room
     * @param receiveIdle how the receiving thread waits for a message
     */
    protected AbstractChannel(Endpoint endpoint, IdleStrategy sendIdle, IdleStrategy receiveIdle) {
        this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
        this.sendIdle = Objects.requireNonNull(sendIdle, "sendIdle");
        this.receiveIdle = Objects.requireNonNull(receiveIdle, "receiveIdle");
        Jfr.channelOpened(endpoint);
    }

    @Override
    public Endpoint endpoint() {
        return endpoint;
    }

    @Override
    public void send(DirectBuffer buffer, int offset, int length, Duration timeout) {
        if (offer(buffer, offset, length)) {
            return;
        }
        long deadline = Deadlines.of(timeout);
        IdleStrategy idle = sendIdle;
        idle.reset();
        Object stall = Jfr.stallBegin();
        boolean sent = false;
        try {
            while (!offer(buffer, offset, length)) {
                if (Thread.interrupted()) {
                    throw IpcInterruptedException.interrupted(endpoint, "room to send " + length + " bytes (nothing was sent)");
                }
                if (Deadlines.passed(deadline)) {
                    throw new IpcTimeoutException(endpoint, "no room to send " + length + " bytes within " + timeout
                        + ": the peer is not reading");
                }
                idle.idle();
            }
            sent = true;
        } finally {
            Jfr.stallEnd(stall, endpoint, length, sent);
        }
    }

    @Override
    public int receive(MessageHandler handler, int limit, Duration timeout) {
        int n = poll(handler, limit);
        if (n > 0) {
            return n;
        }
        long deadline = Deadlines.of(timeout);
        IdleStrategy idle = receiveIdle;
        idle.reset();
        while ((n = poll(handler, limit)) == 0) {
            if (Thread.interrupted()) {
                throw IpcInterruptedException.interrupted(endpoint, "a message");
            }
            if (Deadlines.passed(deadline)) {
                throw new IpcTimeoutException(endpoint, "no message within " + timeout);
            }
            idle.idle();
        }
        return n;
    }

    @Override
    public byte[] receive(Duration timeout) {
        Copier c = copier;
        c.message = null;
        receive(c, 1, timeout);
        byte[] message = c.message;
        c.message = null;
        return message;
    }

    @Override
    public void close() {
        close(lingerOnClose());
    }

    /** @return how long {@link #close()} lingers: the channel's {@link io.jipc.IpcOption#CLOSE_LINGER} */
    protected Duration lingerOnClose() {
        return DEFAULT_CLOSE_LINGER;
    }

    private static final class Copier implements MessageHandler {
        byte[] message;

        @Override
        public void onMessage(DirectBuffer buffer, int offset, int length) {
            byte[] copy = new byte[length];
            buffer.getBytes(offset, copy);
            message = copy;
        }
    }
}
