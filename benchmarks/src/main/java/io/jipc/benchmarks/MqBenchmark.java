package io.jipc.benchmarks;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;


import io.jipc.Channel;
import io.jipc.ChannelServer;
import io.jipc.Ipc;
import io.jipc.process.JvmProcess;

/**
 * {@code mq}: jipc's {@code mq:} request/reply channel to a child JVM against the raw floor, a bare Chronicle
 * appender and tailer on two queues in another child JVM ({@link RawChronicle}). Same queue library and directory
 * (under /dev/shm when there is one, so the disk is not measured), same 32-byte messages, same idle strategy
 * ({@code -Djipc.bench.idle=}, default backoff). Both children live through the run and are measured in alternating
 * slices: a ping-pong (round-trip percentiles), then one-way throughput acknowledged by the receiver. The throughput
 * rounds also measure the queue API: {@link io.jipc.mq.MessageQueue#append} read by a durable subscription in a
 * third child JVM that acknowledges every message ({@code queue_throughput_ratio}, against the same raw floor).
 */
public final class MqBenchmark implements BackendBenchmark {

    /** Durations and sizes of one run. */
    record Settings(Duration warmUp, Duration round, int rounds, long burstMessages) {
        static final Settings QUICK = new Settings(Duration.ofSeconds(1), Duration.ofSeconds(1), 3, 200_000);
        static final Settings FULL = new Settings(Duration.ofSeconds(3), Duration.ofSeconds(3), 10, 200_000);
    }


    private final PrintStream out = System.out;

    @Override
    public Map<String, String> run(boolean quick) throws Exception {
        Settings settings = quick ? Settings.QUICK : Settings.FULL;
        String idle = System.getProperty("jipc.bench.idle", "backoff");
        Path base = Files.isDirectory(Paths.get("/dev/shm")) ? Paths.get("/dev/shm") : Paths.get(System.getProperty("java.io.tmpdir"));
        Path dir = Files.createTempDirectory(base, "jipc-bench-mq-");
        try {
            return measure(settings, idle, dir);
        } finally {
            delete(dir);
        }
    }

    private Map<String, String> measure(Settings settings, String idle, Path dir) throws Exception {
        Path rawDir = dir.resolve("raw");
        String toChild = "mq:" + dir.resolve("queue-to-child");
        String toParent = "mq:" + dir.resolve("queue-to-parent");
        try (QueueDriver queue = new QueueDriver(toChild, toParent);
             JvmProcess queueChild = JvmProcess.builder(QueueResponder.class).args(toChild, toParent, idle).start();
             ChannelServer server = Ipc.bind("mq:" + dir.resolve("channel"));
             JvmProcess jipcChild = JvmProcess.builder(ShmResponder.class).args(server.endpoint().toString(), idle).start();
             Channel channel = server.accept(Duration.ofSeconds(30));
             RawChronicle raw = RawChronicle.parent(rawDir);
             JvmProcess rawChild = JvmProcess.builder(RawChronicleResponder.class).args(rawDir.toString(), idle).start()) {
            ChannelDriver jipc = new ChannelDriver(channel, Idle.named(idle));
            RawChronicleDriver rawDriver = new RawChronicleDriver(raw, Idle.named(idle));
            try {
                out.printf("mq: 32-byte messages, queues in %s, idle %s; %d rounds of %s per side, alternating in slices, after"
                    + " %s of warm-up each (children: jipc %d, raw %d)%n", dir, idle, settings.rounds(), settings.round(),
                    settings.warmUp(), jipcChild.pid(), rawChild.pid());
                PingPong jipcPing = new PingPong(jipc);
                PingPong rawPing = new PingPong(rawDriver);
                List<double[]> roundP50s = AlternatingRounds.pingPong(out, settings.warmUp(), settings.round(), settings.rounds(), jipcPing, rawPing);
                Throughput jipcFlow = new Throughput(jipc, settings.burstMessages());
                Throughput queueFlow = new Throughput(queue, settings.burstMessages());
                Throughput rawFlow = new Throughput(rawDriver, settings.burstMessages());
                throughput(settings, jipcFlow, queueFlow, rawFlow);
                return report(roundP50s, jipcPing, rawPing, jipcFlow, queueFlow, rawFlow);
            } finally {
                rawDriver.stop();
                queue.stop();
                rawChild.join(Duration.ofSeconds(10));
                queueChild.join(Duration.ofSeconds(10));
            }
        }
    }

    /** Bursts alternating between the three sides, one at a time, starting with another side each round. */
    private void throughput(Settings settings, Throughput jipc, Throughput queue, Throughput raw) throws Exception {
        Throughput[] sides = {jipc, queue, raw};
        for (Throughput side : sides) {
            side.warmUp(settings.warmUp());
        }
        for (int r = 0; r < settings.rounds(); r++) {
            List<List<Double>> rates = List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
            long end = System.nanoTime() + settings.round().toNanos();
            do {
                for (int i = 0; i < sides.length; i++) {
                    int side = (i + r) % sides.length;
                    rates.get(side).add(sides[side].round(Duration.ZERO));
                }
            } while (System.nanoTime() - end < 0);
            double jipcRate = Stats.median(rates.get(0));
            double queueRate = Stats.median(rates.get(1));
            double rawRate = Stats.median(rates.get(2));
            out.printf("  throughput round %2d: channel %s msgs/s (%s), queue+subscription %s msgs/s (%s), raw %s msgs/s%n", r + 1,
                Stats.rate(jipcRate), Stats.ratio(jipcRate / rawRate), Stats.rate(queueRate), Stats.ratio(queueRate / rawRate),
                Stats.rate(rawRate));
        }
    }

    /** Medians of the rounds' p50s and of their ratios (see ShmBenchmark#report); tails from the pooled histograms. */
    private Map<String, String> report(List<double[]> roundP50s, PingPong jipcPing, PingPong rawPing,
        Throughput jipcFlow, Throughput queueFlow, Throughput rawFlow) {
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
        double jipcRate = jipcFlow.median();
        double rawRate = rawFlow.median();
        double queueRate = queueFlow.median();
        new Table("mq (32-byte messages)", "rtt p50 us", "p99 us", "p99.9 us", "round trips", "msgs/s one way")
            .row("jipc mq: channel", Stats.micros(jipcP50), Stats.micros(jipcPing.micros(99)),
                Stats.micros(jipcPing.micros(99.9)), Long.toString(jipcPing.total().getTotalCount()), Stats.rate(jipcRate))
            .row("jipc MessageQueue + Subscription", "", "", "", "", Stats.rate(queueRate))
            .row("raw Chronicle queues", Stats.micros(rawP50), Stats.micros(rawPing.micros(99)),
                Stats.micros(rawPing.micros(99.9)), Long.toString(rawPing.total().getTotalCount()), Stats.rate(rawRate))
            .row("jipc / raw", Stats.ratio(rttRatio), Stats.ratio(jipcPing.micros(99) / rawPing.micros(99)),
                Stats.ratio(jipcPing.micros(99.9) / rawPing.micros(99.9)), "", Stats.ratio(jipcRate / rawRate))
            .print(out);
        LatencyPlot.write("mq", "mq: round trips of 32-byte messages, the mq: channel against raw Chronicle queues (one run)",
            List.of(new LatencyPlot.Series("jipc mq: channel", jipcPing.total()),
                new LatencyPlot.Series("raw Chronicle queues", rawPing.total())), out);
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("rtt_p50_us", Stats.micros(jipcP50));
        fields.put("raw_rtt_p50_us", Stats.micros(rawP50));
        fields.put("rtt_ratio", Stats.ratio(rttRatio));
        fields.put("msgs_per_s", Stats.whole(jipcRate));
        fields.put("raw_msgs_per_s", Stats.whole(rawRate));
        fields.put("throughput_ratio", Stats.ratio(jipcRate / rawRate));
        fields.put("queue_msgs_per_s", Stats.whole(queueRate));
        fields.put("queue_throughput_ratio", Stats.ratio(queueRate / rawRate));
        return fields;
    }

    private static void delete(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
