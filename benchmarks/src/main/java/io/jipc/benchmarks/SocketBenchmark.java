package io.jipc.benchmarks;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;


import io.jipc.Channel;
import io.jipc.ChannelServer;
import io.jipc.Ipc;
import io.jipc.process.JvmProcess;

/**
 * {@code tcp} and {@code unix}: jipc's socket channel to a child JVM against the raw floor — length-prefixed frames
 * over a plain blocking JDK {@link SocketChannel} (TCP_NODELAY on loopback, or a Unix socket) to another child JVM,
 * through 64 KiB buffered streams: a burst is written in 64 KiB batches. Both children live through the whole run
 * and are measured in alternating slices: a ping-pong of 32-byte messages (round-trip percentiles), then one-way
 * throughput of 32-byte messages acknowledged by the receiver. Python's {@code multiprocessing.connection}
 * (Listener/Client with an authkey, the same socket family) runs beside them when python3 is present.
 */
public final class SocketBenchmark implements BackendBenchmark {

    /** Durations and sizes of one run. */
    record Settings(Duration warmUp, Duration round, int rounds, long burstMessages) {
        static final Settings QUICK = new Settings(Duration.ofSeconds(1), Duration.ofSeconds(1), 3, 200_000);
        static final Settings FULL = new Settings(Duration.ofSeconds(3), Duration.ofSeconds(3), 10, 1_000_000);
    }


    private final String family;
    private final PrintStream out = System.out;

    /** @param family {@code tcp} or {@code unix} */
    SocketBenchmark(String family) {
        this.family = family;
    }

    @Override
    public Map<String, String> run(boolean quick) throws Exception {
        Settings settings = quick ? Settings.QUICK : Settings.FULL;
        String idle = System.getProperty("jipc.bench.idle", "backoff");
        Path dir = Files.createTempDirectory(Paths.get("/tmp"), "jipc-bench-");
        boolean unix = family.equals("unix");
        String uri = unix ? "unix:" + dir.resolve("jipc.sock") : "tcp://127.0.0.1:0";
        try (ChannelServer server = Ipc.bind(uri);
             JvmProcess jipcChild = JvmProcess.builder(SocketResponder.class).args(server.endpoint().toString(), idle).start();
             Channel channel = server.accept(Duration.ofSeconds(30));
             ServerSocketChannel rawServer = rawListener(unix, dir);
             JvmProcess rawChild = JvmProcess.builder(RawSocketResponder.class).args(rawAddress(unix, rawServer, dir)).start();
             SocketChannel rawSocket = rawServer.accept()) {
            if (!unix) {
                rawSocket.setOption(StandardSocketOptions.TCP_NODELAY, true);
            }
            ChannelDriver jipc = new ChannelDriver(channel, Idle.named(idle));
            RawStreamDriver raw = new RawStreamDriver(Channels.newInputStream(rawSocket), Channels.newOutputStream(rawSocket));
            out.printf("%s: 32-byte messages, idle %s; %d rounds of %s per side, alternating in slices, after %s of "
                + "warm-up each (children: jipc %d, raw %d)%n", family, idle, settings.rounds(), settings.round(),
                settings.warmUp(), jipcChild.pid(), rawChild.pid());
            PingPong jipcPing = new PingPong(jipc);
            PingPong rawPing = new PingPong(raw);
            List<double[]> p50s = AlternatingRounds.pingPong(out, settings.warmUp(), settings.round(), settings.rounds(), jipcPing, rawPing);
            Throughput jipcFlow = new Throughput(jipc, settings.burstMessages());
            Throughput rawFlow = new Throughput(raw, settings.burstMessages());
            AlternatingRounds.throughput(out, settings.warmUp(), settings.round(), settings.rounds(), jipcFlow, rawFlow);
            raw.close();
            Map<String, Double> python = python(family, quick);
            return report(p50s, jipcPing, rawPing, jipcFlow, rawFlow, python);
        } finally {
            try (var files = Files.list(dir)) {
                for (Path p : (Iterable<Path>) files::iterator) {
                    Files.deleteIfExists(p);
                }
            }
            Files.deleteIfExists(dir);
        }
    }

    private static ServerSocketChannel rawListener(boolean unix, Path dir) throws IOException {
        if (unix) {
            ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
            server.bind(UnixDomainSocketAddress.of(dir.resolve("raw.sock")));
            return server;
        }
        ServerSocketChannel server = ServerSocketChannel.open();
        server.bind(new InetSocketAddress("127.0.0.1", 0));
        return server;
    }

    private static String rawAddress(boolean unix, ServerSocketChannel server, Path dir) throws IOException {
        return unix ? "unix:" + dir.resolve("raw.sock") : "tcp:" + ((InetSocketAddress) server.getLocalAddress()).getPort();
    }

    /** Medians of the rounds' p50s and of their ratios, as in the shm benchmark; tails from the pooled histograms. */
    private Map<String, String> report(List<double[]> roundP50s, PingPong jipcPing, PingPong rawPing,
                                       Throughput jipcFlow, Throughput rawFlow, Map<String, Double> python) {
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
        double pyP50 = python.getOrDefault("rtt_p50_us", Double.NaN);
        double pyRate = python.getOrDefault("msgs_per_s", Double.NaN);
        Table table = new Table(family + " (32-byte messages)", "rtt p50 us", "p99 us", "p99.9 us", "round trips", "msgs/s one way")
            .row("jipc " + family + " channel", Stats.micros(jipcP50), Stats.micros(jipcPing.micros(99)),
                Stats.micros(jipcPing.micros(99.9)), Long.toString(jipcPing.total().getTotalCount()), Stats.rate(jipcRate))
            .row("raw blocking SocketChannel", Stats.micros(rawP50), Stats.micros(rawPing.micros(99)),
                Stats.micros(rawPing.micros(99.9)), Long.toString(rawPing.total().getTotalCount()), Stats.rate(rawRate))
            .row("jipc / raw", Stats.ratio(rttRatio), Stats.ratio(jipcPing.micros(99) / rawPing.micros(99)),
                Stats.ratio(jipcPing.micros(99.9) / rawPing.micros(99.9)), "", Stats.ratio(jipcRate / rawRate));
        if (!python.isEmpty()) {
            table.row("python multiprocessing.connection", Stats.micros(pyP50),
                Stats.micros(python.getOrDefault("rtt_p99_us", Double.NaN)), "", "", Stats.rate(pyRate));
        }
        table.print(out);
        LatencyPlot.write(family, family + ": round trips of 32-byte messages, jipc against a raw blocking SocketChannel (one run)",
            List.of(new LatencyPlot.Series("jipc " + family + " channel", jipcPing.total()),
                new LatencyPlot.Series("raw SocketChannel", rawPing.total())), out);
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("rtt_p50_us", Stats.micros(jipcP50));
        fields.put("raw_rtt_p50_us", Stats.micros(rawP50));
        fields.put("rtt_ratio", Stats.ratio(rttRatio));
        fields.put("msgs_per_s", Stats.whole(jipcRate));
        fields.put("raw_msgs_per_s", Stats.whole(rawRate));
        fields.put("throughput_ratio", Stats.ratio(jipcRate / rawRate));
        if (!python.isEmpty()) {
            fields.put("python_rtt_p50_us", Stats.micros(pyP50));
            fields.put("python_msgs_per_s", Stats.whole(pyRate));
            fields.put("rtt_vs_python", Stats.ratio(jipcP50 / pyP50));
            fields.put("throughput_vs_python", Stats.ratio(jipcRate / pyRate));
        }
        return fields;
    }

    /** Runs mp_connection.py from the jar; empty when python3 is missing or fails. */
    private static Map<String, Double> python(String family, boolean quick) {
        Map<String, Double> values = new LinkedHashMap<>();
        try (InputStream script = SocketBenchmark.class.getResourceAsStream("mp_connection.py")) {
            if (script == null) {
                System.out.println("(python skipped: mp_connection.py is not in the jar)");
                return values;
            }
            Path file = Files.createTempFile("jipc-mp_connection", ".py");
            try {
                Files.copy(script, file, StandardCopyOption.REPLACE_EXISTING);
                List<String> command = new ArrayList<>(List.of("python3", file.toString(), family));
                if (quick) {
                    command.add("--quick");
                }
                Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
                try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                    String line;
                    while ((line = r.readLine()) != null) {
                        String[] parts = line.trim().split(" ");
                        if (parts.length == 2) {
                            values.put(parts[0], Double.parseDouble(parts[1]));
                        }
                    }
                }
                if (!p.waitFor(2, TimeUnit.MINUTES)) {
                    p.destroyForcibly();
                }
            } finally {
                Files.deleteIfExists(file);
            }
        } catch (IOException | NumberFormatException e) {
            System.out.println("(python skipped: " + e.getMessage() + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return values;
    }

    /** {@code tcp}. */
    public static final class Tcp implements BackendBenchmark {
        @Override
        public Map<String, String> run(boolean quick) throws Exception {
            return new SocketBenchmark("tcp").run(quick);
        }
    }

    /** {@code unix}. */
    public static final class Unix implements BackendBenchmark {
        @Override
        public Map<String, String> run(boolean quick) throws Exception {
            return new SocketBenchmark("unix").run(quick);
        }
    }
}
