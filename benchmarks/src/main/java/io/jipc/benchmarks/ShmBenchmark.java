package io.jipc.benchmarks;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;



/**
 * {@code shm}: jipc's shared-memory channel to a child JVM against the raw floor — two bare Agrona
 * {@code OneToOneRingBuffer}s in a file under /dev/shm mapped by another child JVM ({@link RawRings}). Same ring
 * capacity, same messages, same idle strategy ({@code -Djipc.bench.idle=}, default backoff) on both. A ping-pong of
 * 32-byte messages (round-trip percentiles) between this JVM and two children measured in alternating slices; then
 * one-way throughput of 32-byte messages acknowledged by the receiver, in several sending JVMs of its own
 * ({@link ShmFlowTrial}), with the raw rings against their twin beside it to show how far a ratio moves when only the
 * compilation differs. Last, what a message costs each side in one thread, apart from two processes
 * ({@link ShmMessageCost}).
 */
public final class ShmBenchmark implements BackendBenchmark {

    /**
     * Durations and sizes of one run: the ping-pong's, and the throughput's, measured in {@code trials} sending JVMs
     * of {@code trial} each ({@link ShmFlowTrial}).
     */
    record Settings(Duration warmUp, Duration round, int rounds, long burstMessages, int trials, Settings trial) {
        static final Settings QUICK = new Settings(Duration.ofSeconds(1), Duration.ofSeconds(1), 3, 1_000_000, 5,
            new Settings(Duration.ofMillis(500), Duration.ofMillis(500), 2, 1_000_000, 1, null));
        static final Settings FULL = new Settings(Duration.ofSeconds(3), Duration.ofSeconds(3), 10, 1_000_000, 9,
            new Settings(Duration.ofSeconds(1), Duration.ofSeconds(1), 3, 1_000_000, 1, null));
    }

    /** How long one side runs before the other takes over. */

    /** Ring capacity of both sides: the shm channel's default. */
    private static final int CAPACITY = 4 << 20;

    private final PrintStream out = System.out;

    @Override
    public Map<String, String> run(boolean quick) throws Exception {
        Settings settings = quick ? Settings.QUICK : Settings.FULL;
        String idle = System.getProperty("jipc.bench.idle", "backoff");
        Path dir = (Files.isDirectory(Paths.get("/dev/shm")) ? Paths.get("/dev/shm")
            : Paths.get(System.getProperty("java.io.tmpdir"))).resolve("jipc-bench-" + ProcessHandle.current().pid());
        try (ShmPeers peers = ShmPeers.start(dir, CAPACITY, idle)) {
            ChannelDriver jipc = new ChannelDriver(peers.channel(), Idle.named(idle));
            RawRingDriver raw = new RawRingDriver(peers.rings(), Idle.named(idle));
            out.printf("shm: 32-byte messages, %d KiB rings, idle %s; ping-pong: %d rounds of %s per side, alternating in "
                + "slices, after %s of warm-up each (children: %s)%n", CAPACITY >> 10, idle, settings.rounds(),
                settings.round(), settings.warmUp(), peers.pids());
            PingPong jipcPing = new PingPong(jipc);
            PingPong rawPing = new PingPong(raw);
            List<double[]> roundP50s = AlternatingRounds.pingPong(out, settings.warmUp(), settings.round(), settings.rounds(), jipcPing, rawPing);
            List<ShmFlowTrial.Rates> trials = throughputTrials(dir, idle, settings);
            Map<String, String> fields = report(roundP50s, jipcPing, rawPing, trials);
            fields.putAll(messageCost(dir, settings));
            return fields;
        }
    }

    /**
     * One-way throughput in {@code settings.trials()} sending JVMs, one after another ({@link ShmFlowTrial}): each
     * side's rate holds for a JVM's life and moves between JVMs, so one JVM's ratio is one draw.
     */
    private List<ShmFlowTrial.Rates> throughputTrials(Path dir, String idle, Settings settings) {
        Settings trial = settings.trial();
        out.printf("throughput: %d trials, each a sending JVM of its own with new responders: jipc against raw, then "
            + "raw against its twin (the same loop compiled apart), %d rounds of %s per side in slices after %s of "
            + "warm-up%n", settings.trials(), trial.rounds(), trial.round(), trial.warmUp());
        List<ShmFlowTrial.Rates> trials = new ArrayList<>();
        for (int t = 0; t < settings.trials(); t++) {
            ShmFlowTrial.Rates rates = ShmFlowTrial.runApart(dir.resolve("trial-" + t), CAPACITY, idle, trial);
            trials.add(rates);
            out.printf("  trial %d: jipc %s msgs/s, raw %s msgs/s (%s); twin / raw %s%n", t + 1,
                Stats.rate(rates.jipc()), Stats.rate(rates.raw()), Stats.ratio(rates.jipc() / rates.raw()),
                Stats.ratio(rates.twinRatio()));
        }
        return trials;
    }

    /** Single-thread cost of a message on each side, jipc against the bare ring, in a JVM of its own ({@link ShmMessageCost}). */
    private Map<String, String> messageCost(Path dir, Settings settings) throws Exception {
        ShmMessageCost.Cost cost = ShmMessageCost.measureApart(dir, CAPACITY, settings.rounds(), 40);
        new Table("one thread, 32-byte messages", "offer / write ns", "poll / read ns")
            .row("jipc shm channel (both ends in one JVM)", ns(cost.offer()), ns(cost.poll()))
            .row("raw Agrona ring", ns(cost.rawWrite()), ns(cost.rawRead()))
            .row("jipc - raw", ns(cost.offer() - cost.rawWrite()), ns(cost.poll() - cost.rawRead()))
            .print(out);
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("offer_ns", ns(cost.offer()));
        fields.put("raw_write_ns", ns(cost.rawWrite()));
        fields.put("poll_ns", ns(cost.poll()));
        fields.put("raw_read_ns", ns(cost.rawRead()));
        return fields;
    }

    private static String ns(double value) {
        return String.format(java.util.Locale.ROOT, "%.2f", value);
    }

    /**
     * The p50 figures are medians of the rounds' p50s, and their ratio the median of the rounds' ratios: pooling
     * every round trip would weigh each round by how many round trips it fitted, so a few rounds in the fast state
     * (both sides spinning on their own CPU) would decide the median. Tails come from the pooled histograms.
     */
    private Map<String, String> report(List<double[]> roundP50s, PingPong jipcPing, PingPong rawPing,
        List<ShmFlowTrial.Rates> trials) {
        List<Double> jipcP50s = new ArrayList<>();
        List<Double> rawP50s = new ArrayList<>();
        List<Double> ratios = new ArrayList<>();
        for (double[] round : roundP50s) {
            jipcP50s.add(round[0]);
            rawP50s.add(round[1]);
            ratios.add(round[0] / round[1]);
        }
        double jipcP50 = Stats.median(jipcP50s);
        double rawP50 = Stats.median(rawP50s);
        double rttRatio = Stats.median(ratios);
        double jipcRate = Stats.median(trials.stream().map(ShmFlowTrial.Rates::jipc).collect(Collectors.toList()));
        double rawRate = Stats.median(trials.stream().map(ShmFlowTrial.Rates::raw).collect(Collectors.toList()));
        double throughputRatio = Stats.median(trials.stream().map(r -> r.jipc() / r.raw()).collect(Collectors.toList()));
        List<Double> twinRatios = trials.stream().map(ShmFlowTrial.Rates::twinRatio).sorted().collect(Collectors.toList());
        new Table("shm (32-byte messages)", "rtt p50 us", "p99 us", "p99.9 us", "round trips", "msgs/s one way")
            .row("jipc shm channel", Stats.micros(jipcP50), Stats.micros(jipcPing.micros(99)),
                Stats.micros(jipcPing.micros(99.9)), Long.toString(jipcPing.total().getTotalCount()), Stats.rate(jipcRate))
            .row("raw Agrona rings", Stats.micros(rawP50), Stats.micros(rawPing.micros(99)),
                Stats.micros(rawPing.micros(99.9)), Long.toString(rawPing.total().getTotalCount()), Stats.rate(rawRate))
            .row("jipc / raw", Stats.ratio(rttRatio), Stats.ratio(jipcPing.micros(99) / rawPing.micros(99)),
                Stats.ratio(jipcPing.micros(99.9) / rawPing.micros(99.9)), "", Stats.ratio(throughputRatio))
            .print(out);
        out.printf("throughput ratio: median of the trials' jipc / raw; the raw rings against their twin in the same "
            + "trials: median %s, from %s to %s%n", Stats.ratio(Stats.median(twinRatios)), Stats.ratio(twinRatios.get(0)),
            Stats.ratio(twinRatios.get(twinRatios.size() - 1)));
        LatencyPlot.write("shm", "shm: round trips of 32-byte messages, jipc against raw Agrona rings (one run)",
            List.of(new LatencyPlot.Series("jipc shm channel", jipcPing.total()),
                new LatencyPlot.Series("raw Agrona rings", rawPing.total())), out);
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("rtt_p50_us", Stats.micros(jipcP50));
        fields.put("raw_rtt_p50_us", Stats.micros(rawP50));
        fields.put("rtt_ratio", Stats.ratio(rttRatio));
        fields.put("msgs_per_s", Stats.whole(jipcRate));
        fields.put("raw_msgs_per_s", Stats.whole(rawRate));
        fields.put("throughput_ratio", Stats.ratio(throughputRatio));
        fields.put("twin_ratio", Stats.ratio(Stats.median(twinRatios)));
        return fields;
    }
}
