package io.jipc.benchmarks;

import java.io.File;
import java.nio.MappedByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.agrona.DirectBuffer;
import org.agrona.IoUtil;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.ringbuffer.OneToOneRingBuffer;
import org.agrona.concurrent.ringbuffer.RingBufferDescriptor;

import io.jipc.Channel;
import io.jipc.ChannelServer;
import io.jipc.Ipc;
import io.jipc.process.JvmProcess;

/**
 * What one 32-byte message costs each side of a shm channel, apart from everything two processes add: one thread
 * offers a batch into a channel whose both ends are in one JVM, then polls the batch out; the same on a bare
 * {@link OneToOneRingBuffer} of the same capacity in a mapped file. Rounds alternate between the two, so both run
 * in the same state of the machine. Two processes' throughput swings with that state (the raw ring alone from 26M to
 * 79M messages a second between runs); this cost moves far less, so it is the figure to work on the channel's
 * overhead with. It runs in a JVM of its own ({@link #main}): in the benchmark's JVM the ring's code was compiled
 * for the other benchmarks' handlers first.
 */
public final class ShmMessageCost {

    /** Messages per batch: half the ring, so that a batch never waits for room. */
    private static final int BATCH = 50_000;

    /** Nanoseconds per message: offer, poll, raw write, raw read (medians of the rounds). */
    record Cost(double offer, double poll, double rawWrite, double rawRead) {
    }

    private final UnsafeBuffer message = new UnsafeBuffer(new byte[BenchMessages.LENGTH]);
    /** The kinds of every message received, added up: each must be {@link BenchMessages#DATA}. */
    private long sum;
    private long sent;
    private final io.jipc.MessageHandler channelHandler = this::onChannelMessage;
    private final org.agrona.concurrent.MessageHandler ringHandler = this::onRingMessage;

    private ShmMessageCost() {
        message.putByte(BenchMessages.KIND_OFFSET, BenchMessages.DATA);
    }

    /**
     * Measures in a child JVM started with {@link JvmProcess}, which sends the result back over its pipe.
     *
     * @param dir      where the channel and the ring file go (removed after)
     * @param capacity ring capacity of both
     * @param rounds   measured rounds, after as many of warm-up
     * @param batches  batches per side per round
     */
    static Cost measureApart(Path dir, int capacity, int rounds, int batches) {
        try (JvmProcess child = JvmProcess.builder(ShmMessageCost.class)
                 .args(dir.toString(), Integer.toString(capacity), Integer.toString(rounds), Integer.toString(batches)).start();
             Channel channel = child.channel()) {
            String[] line = new String(channel.receive(Duration.ofMinutes(5)), StandardCharsets.US_ASCII).split(" ");
            channel.send(new byte[] {1});
            return new Cost(Double.parseDouble(line[0]), Double.parseDouble(line[1]), Double.parseDouble(line[2]),
                Double.parseDouble(line[3]));
        }
    }

    /** The child: measures, sends "offer poll write read" (ns) to the parent, waits for its goodbye. */
    public static void main(String[] args) throws Exception {
        Cost cost = measure(Path.of(args[0]), Integer.parseInt(args[1]), Integer.parseInt(args[2]),
            Integer.parseInt(args[3]));
        try (Channel parent = Ipc.connect("pipe:stdio")) {
            parent.send((cost.offer() + " " + cost.poll() + " " + cost.rawWrite() + " " + cost.rawRead())
                .getBytes(StandardCharsets.US_ASCII));
            parent.receive(Duration.ofMinutes(1));
        }
    }

    /**
     * @param dir      where the channel and the ring file go (removed after)
     * @param capacity ring capacity of both
     * @param rounds   measured rounds, after as many of warm-up
     * @param batches  batches per side per round
     */
    static Cost measure(Path dir, int capacity, int rounds, int batches) throws Exception {
        return new ShmMessageCost().run(dir, capacity, rounds, batches);
    }

    private Cost run(Path dir, int capacity, int rounds, int batches) throws Exception {
        File rawFile = dir.resolve("cost-raw").toFile();
        ExecutorService connector = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "shm-cost-connect");
            t.setDaemon(true);
            return t;
        });
        MappedByteBuffer mapped = null;
        try (ChannelServer server = Ipc.bind("shm:" + dir.resolve("cost") + "?capacity=" + capacity)) {
            Future<Channel> connecting = connector.submit(() -> Ipc.connect(server.endpoint().toString(), Duration.ofSeconds(30)));
            try (Channel receiver = server.accept(Duration.ofSeconds(30));
                 Channel sender = connecting.get(30, TimeUnit.SECONDS)) {
                int ringLength = capacity + RingBufferDescriptor.TRAILER_LENGTH;
                mapped = IoUtil.mapNewFile(rawFile, ringLength);
                OneToOneRingBuffer ring = new OneToOneRingBuffer(new UnsafeBuffer(mapped));
                List<Double> offer = new ArrayList<>();
                List<Double> poll = new ArrayList<>();
                List<Double> write = new ArrayList<>();
                List<Double> read = new ArrayList<>();
                for (int r = 0; r < 2 * rounds; r++) {
                    double[] jipc;
                    double[] raw;
                    if (r % 2 == 0) { // each side goes first in every other round: neither always follows the other
                        jipc = channelRound(sender, receiver, batches);
                        raw = ringRound(ring, batches);
                    } else {
                        raw = ringRound(ring, batches);
                        jipc = channelRound(sender, receiver, batches);
                    }
                    if (r >= rounds) {
                        offer.add(jipc[0]);
                        poll.add(jipc[1]);
                        write.add(raw[0]);
                        read.add(raw[1]);
                    }
                }
                if (sum != sent * BenchMessages.DATA) {
                    throw new IllegalStateException("received other messages than the " + sent + " sent");
                }
                return new Cost(Stats.median(offer), Stats.median(poll), Stats.median(write), Stats.median(read));
            }
        } finally {
            connector.shutdownNow();
            if (mapped != null) {
                IoUtil.unmap(mapped);
            }
            IoUtil.deleteIfExists(rawFile);
        }
    }

    /** @return ns per offer and per polled message */
    private double[] channelRound(Channel sender, Channel receiver, int batches) {
        long offering = 0;
        long polling = 0;
        for (int b = 0; b < batches; b++) {
            long t0 = System.nanoTime();
            for (int i = 0; i < BATCH; i++) {
                if (!sender.offer(message, 0, BenchMessages.LENGTH)) {
                    throw new IllegalStateException("no room for a batch of " + BATCH + " in the channel");
                }
            }
            long t1 = System.nanoTime();
            int got = 0;
            while (got < BATCH) {
                got += receiver.poll(channelHandler, BATCH - got);
            }
            offering += t1 - t0;
            polling += System.nanoTime() - t1;
            sent += BATCH;
        }
        return new double[] {offering / (double) batches / BATCH, polling / (double) batches / BATCH};
    }

    /** @return ns per write and per read message */
    private double[] ringRound(OneToOneRingBuffer ring, int batches) {
        long writing = 0;
        long reading = 0;
        for (int b = 0; b < batches; b++) {
            long t0 = System.nanoTime();
            for (int i = 0; i < BATCH; i++) {
                if (!ring.write(1, message, 0, BenchMessages.LENGTH)) {
                    throw new IllegalStateException("no room for a batch of " + BATCH + " in the ring");
                }
            }
            long t1 = System.nanoTime();
            int got = 0;
            while (got < BATCH) {
                got += ring.read(ringHandler, BATCH - got);
            }
            writing += t1 - t0;
            reading += System.nanoTime() - t1;
            sent += BATCH;
        }
        return new double[] {writing / (double) batches / BATCH, reading / (double) batches / BATCH};
    }

    private void onChannelMessage(DirectBuffer buffer, int offset, int length) {
        sum += buffer.getByte(offset + BenchMessages.KIND_OFFSET);
    }

    private void onRingMessage(int type, MutableDirectBuffer buffer, int offset, int length) {
        sum += buffer.getByte(offset + BenchMessages.KIND_OFFSET);
    }
}
