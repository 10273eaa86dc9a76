package io.jipc.benchmarks;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;

import io.jipc.Channel;
import io.jipc.Ipc;
import io.jipc.process.JvmProcess;

/**
 * One trial of the shm benchmark's one-way throughput, in a sending JVM of its own: the jipc channel against the raw
 * rings in alternating slices, then the raw rings against their {@link RawRingDriver.Twin}, each to a responder JVM of
 * its own. Each side's rate holds through a JVM's life and moves from one JVM to the next (the raw rings' between
 * about 30M and 45M messages a second on one VM), partly with how the JIT compiled the sending loop: two copies of
 * one loop compiled apart in one JVM differed by 10-25% in some runs, every round alike. A ratio from one sending JVM
 * is therefore one draw; the benchmark runs several trials and takes the median.
 */
public final class ShmFlowTrial {

    /**
     * Medians of one trial's bursts: jipc's and the raw rings' in messages per second, and the twin's rate over the
     * raw rings' when those two were measured against each other.
     */
    record Rates(double jipc, double raw, double twinRatio) {
    }

    private ShmFlowTrial() {
    }

    /**
     * Runs a trial in a child JVM started with {@link JvmProcess}, which sends the rates back over its pipe.
     *
     * @param dir where its channel and ring files go (removed after)
     */
    static Rates runApart(Path dir, int capacity, String idle, ShmBenchmark.Settings settings) {
        try (JvmProcess child = JvmProcess.builder(ShmFlowTrial.class)
                 .args(dir.toString(), Integer.toString(capacity), idle, Long.toString(settings.warmUp().toMillis()),
                     Long.toString(settings.round().toMillis()), Integer.toString(settings.rounds()),
                     Long.toString(settings.burstMessages()))
                 .start();
             Channel channel = child.channel()) {
            String[] line = new String(channel.receive(Duration.ofMinutes(5)), StandardCharsets.US_ASCII).split(" ");
            channel.send(new byte[] {1});
            return new Rates(Double.parseDouble(line[0]), Double.parseDouble(line[1]), Double.parseDouble(line[2]));
        }
    }

    /**
     * The child: {@code <dir> <capacity> <idle> <warm-up ms> <round ms> <rounds> <burst messages>}; sends
     * "jipc raw twin-ratio" to the parent and waits for its goodbye.
     */
    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        int capacity = Integer.parseInt(args[1]);
        String idle = args[2];
        Duration warmUp = Duration.ofMillis(Long.parseLong(args[3]));
        Duration round = Duration.ofMillis(Long.parseLong(args[4]));
        int rounds = Integer.parseInt(args[5]);
        long burst = Long.parseLong(args[6]);
        PrintStream quiet = new PrintStream(OutputStream.nullOutputStream()); // stdout is the pipe to the parent
        Rates rates;
        try (ShmPeers peers = ShmPeers.start(dir, capacity, idle)) {
            RawRingDriver raw = new RawRingDriver(peers.rings(), Idle.named(idle));
            Throughput jipcFlow = new Throughput(new ChannelDriver(peers.channel(), Idle.named(idle)), burst);
            Throughput rawFlow = new Throughput(raw, burst);
            AlternatingRounds.throughput(quiet, warmUp, round, rounds, jipcFlow, rawFlow);
            Throughput twinFlow = new Throughput(new RawRingDriver.Twin(peers.rings(), Idle.named(idle)), burst);
            Throughput rawAgain = new Throughput(raw, burst);
            AlternatingRounds.throughput(quiet, warmUp, round, rounds, twinFlow, rawAgain);
            rates = new Rates(jipcFlow.median(), rawFlow.median(), twinFlow.median() / rawAgain.median());
        }
        try (Channel parent = Ipc.connect("pipe:stdio")) {
            String line = rates.jipc() + " " + rates.raw() + " " + rates.twinRatio();
            parent.send(line.getBytes(StandardCharsets.US_ASCII));
            parent.receive(Duration.ofMinutes(1));
        }
    }
}
