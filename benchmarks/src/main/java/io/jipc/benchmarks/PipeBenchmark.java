package io.jipc.benchmarks;

import java.io.PrintStream;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.HdrHistogram.Histogram;

import io.jipc.Channel;
import io.jipc.process.JvmProcess;

/**
 * {@code pipe}: jipc's pipe channel to a child JVM against the raw floor — length-prefixed frames over another child
 * JVM's stdin/stdout with plain buffered JDK streams. Both children live through the whole run and the two are
 * measured in alternating rounds, so both see the same machine state: a ping-pong of 32-byte messages (round-trip
 * percentiles), then one-way throughput of 32-byte messages acknowledged by the receiver.
 */
public final class PipeBenchmark implements BackendBenchmark {

    /** Durations and sizes of one run. */
    record Settings(Duration warmUp, Duration round, int rounds, long burstMessages) {
        static final Settings QUICK = new Settings(Duration.ofSeconds(1), Duration.ofSeconds(1), 3, 1_000_000);
        static final Settings FULL = new Settings(Duration.ofSeconds(3), Duration.ofSeconds(3), 10, 1_000_000);
    }

    /** System property naming how the jipc side waits ({@link Idle}); {@code jipc.bench.childIdle} sets the child's. */
    static final String IDLE_PROPERTY = "jipc.bench.idle";

    private final PrintStream out = System.out;

    @Override
    public Map<String, String> run(boolean quick) throws Exception {
        Settings settings = quick ? Settings.QUICK : Settings.FULL;
        String idle = System.getProperty(IDLE_PROPERTY, "backoff");
        try (JvmProcess jipcChild = JvmProcess.builder(PipeResponder.class)
                 .args(System.getProperty("jipc.bench.childIdle", idle)).start();
             RawChild rawChild = new RawChild(RawStreamResponder.class)) {
            Channel channel = jipcChild.channel();
            ChannelDriver jipc = new ChannelDriver(channel, Idle.named(idle));
            RawStreamDriver raw = rawChild.driver();
            out.printf("pipe: 32-byte messages; %d rounds of %s per side, alternating, after %s of warm-up each;"
                + " jipc side waits with '%s'%n", settings.rounds(), settings.round(), settings.warmUp(), idle);

            PingPong jipcPing = new PingPong(jipc);
            PingPong rawPing = new PingPong(raw);
            pingPong(settings, jipcPing, rawPing);

            Throughput jipcFlow = new Throughput(jipc, settings.burstMessages());
            Throughput rawFlow = new Throughput(raw, settings.burstMessages());
            throughput(settings, jipcFlow, rawFlow);

            return report(jipcPing, rawPing, jipcFlow, rawFlow);
        }
    }

    private void pingPong(Settings settings, PingPong jipc, PingPong raw) throws Exception {
        jipc.warmUp(settings.warmUp());
        raw.warmUp(settings.warmUp());
        for (int r = 0; r < settings.rounds(); r++) {
            double jipcP50;
            double rawP50;
            if (r % 2 == 0) {
                jipcP50 = p50(jipc.round(settings.round()));
                rawP50 = p50(raw.round(settings.round()));
            } else {
                rawP50 = p50(raw.round(settings.round()));
                jipcP50 = p50(jipc.round(settings.round()));
            }
            out.printf("  ping-pong round %2d: rtt p50 jipc %s us, raw %s us (%s)%n", r + 1,
                Stats.micros(jipcP50), Stats.micros(rawP50), Stats.ratio(jipcP50 / rawP50));
        }
    }

    private void throughput(Settings settings, Throughput jipc, Throughput raw) throws Exception {
        jipc.warmUp(settings.warmUp());
        raw.warmUp(settings.warmUp());
        for (int r = 0; r < settings.rounds(); r++) {
            double jipcRate;
            double rawRate;
            if (r % 2 == 0) {
                jipcRate = jipc.round(settings.round());
                rawRate = raw.round(settings.round());
            } else {
                rawRate = raw.round(settings.round());
                jipcRate = jipc.round(settings.round());
            }
            out.printf("  throughput round %2d: jipc %s msgs/s, raw %s msgs/s (%s)%n", r + 1,
                Stats.rate(jipcRate), Stats.rate(rawRate), Stats.ratio(jipcRate / rawRate));
        }
    }

    private Map<String, String> report(PingPong jipcPing, PingPong rawPing, Throughput jipcFlow, Throughput rawFlow) {
        double jipcP50 = jipcPing.micros(50);
        double rawP50 = rawPing.micros(50);
        double jipcRate = jipcFlow.median();
        double rawRate = rawFlow.median();
        new Table("pipe (32-byte messages)", "rtt p50 us", "p99 us", "p99.9 us", "round trips", "msgs/s one way")
            .row("jipc pipe channel", Stats.micros(jipcP50), Stats.micros(jipcPing.micros(99)),
                Stats.micros(jipcPing.micros(99.9)), Long.toString(jipcPing.total().getTotalCount()), Stats.rate(jipcRate))
            .row("raw buffered streams", Stats.micros(rawP50), Stats.micros(rawPing.micros(99)),
                Stats.micros(rawPing.micros(99.9)), Long.toString(rawPing.total().getTotalCount()), Stats.rate(rawRate))
            .row("jipc / raw", Stats.ratio(jipcP50 / rawP50), Stats.ratio(jipcPing.micros(99) / rawPing.micros(99)),
                Stats.ratio(jipcPing.micros(99.9) / rawPing.micros(99.9)), "", Stats.ratio(jipcRate / rawRate))
            .print(out);
        LatencyPlot.write("pipe", "pipe: round trips of 32-byte messages, jipc against raw streams (one run)",
            List.of(new LatencyPlot.Series("jipc pipe channel", jipcPing.total()),
                new LatencyPlot.Series("raw buffered streams", rawPing.total())), out);
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("rtt_p50_us", Stats.micros(jipcP50));
        fields.put("raw_rtt_p50_us", Stats.micros(rawP50));
        fields.put("rtt_ratio", Stats.ratio(jipcP50 / rawP50));
        fields.put("msgs_per_s", Stats.whole(jipcRate));
        fields.put("raw_msgs_per_s", Stats.whole(rawRate));
        fields.put("throughput_ratio", Stats.ratio(jipcRate / rawRate));
        return fields;
    }

    private static double p50(Histogram round) {
        return PingPong.micros(round, 50);
    }
}
