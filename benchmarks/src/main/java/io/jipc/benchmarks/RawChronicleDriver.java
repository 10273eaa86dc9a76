package io.jipc.benchmarks;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;

import org.agrona.concurrent.IdleStrategy;

/** The parent side of the mq benchmark's raw floor ({@link RawChronicle}): the {@link ChannelDriver} protocol. One thread. */
final class RawChronicleDriver implements RoundTrip, Burst {

    private static final long TIMEOUT_NANOS = Duration.ofSeconds(30).toNanos();

    private final RawChronicle queues;
    private final IdleStrategy idle;
    private final byte[] ping = message(BenchMessages.PING);
    private final byte[] data = message(BenchMessages.DATA);
    private final byte[] end = message(BenchMessages.END);
    private final byte[] reply = new byte[BenchMessages.LENGTH];

    RawChronicleDriver(RawChronicle queues, IdleStrategy idle) {
        this.queues = queues;
        this.idle = idle;
    }

    @Override
    public void roundTrip() {
        queues.write(ping);
        awaitReply();
    }

    @Override
    public void send(long messages) {
        for (long i = 0; i < messages; i++) {
            queues.write(data);
        }
        queues.write(end);
        awaitReply();
        long acknowledged = ByteBuffer.wrap(reply).order(ByteOrder.LITTLE_ENDIAN).getLong(BenchMessages.COUNT_OFFSET);
        if (acknowledged != messages) {
            throw new IllegalStateException("raw chronicle: the peer counted " + acknowledged + " of " + messages);
        }
    }

    private void awaitReply() {
        if (queues.read(reply)) {
            return;
        }
        idle.reset();
        long deadline = System.nanoTime() + TIMEOUT_NANOS;
        while (!queues.read(reply)) {
            if (System.nanoTime() - deadline >= 0) {
                throw new IllegalStateException("raw chronicle: no reply within " + Duration.ofNanos(TIMEOUT_NANOS));
            }
            idle.idle();
        }
    }

    /** Tells the responder to exit. */
    void stop() {
        queues.write(message(BenchMessages.STOP));
    }

    private static byte[] message(byte kind) {
        byte[] message = new byte[BenchMessages.LENGTH];
        message[BenchMessages.KIND_OFFSET] = kind;
        return message;
    }
}
