package io.jipc.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

import io.jipc.shm.ShmObject;
import io.jipc.shm.ShmObjects;

/**
 * Writes what is inside one object. Used once by {@code stat}; {@code watch} keeps one printer across refreshes,
 * so it can add rates (the counters' change since the last look) and how long the same process has held a lock.
 */
final class StatPrinter {

    private ShmObject previous;
    private Instant previousAt;
    private final Map<Long, Instant> holderSeenSince = new HashMap<>();
    private Instant firstLook;

    /** Prints {@code object}, looked at {@code now}. */
    void print(ShmObject object, Instant now, PrintStream out) {
        if (firstLook == null) {
            firstLook = now;
        }
        out.println(object.path());
        line(out, "kind", object.kind() + (object.abandoned() ? " (abandoned: jipc clean removes it)" : ""));
        line(out, "size", Format.bytes(object.size()) + " (" + Format.count(object.size()) + " bytes)");
        line(out, "created", object.created() + " (" + Format.age(object.created(), now) + " ago) by "
            + Format.processLong(object.creator()));
        line(out, "mapped by", object.mappedBy() == null ? "unknown (no /proc)" : Format.pids(object.mappedBy()));
        ShmObject.Contents contents = object.contents();
        if (contents instanceof ShmObject.Server server) {
            server(object.path(), server, out);
        } else if (contents instanceof ShmObject.Channel channel) {
            channel(channel, now, out);
        } else if (contents instanceof ShmObject.Data data) {
            line(out, "data", Format.count(data.dataLength()) + " bytes of " + data.elementType()
                + ("byte".equals(data.elementType()) ? "s" : " elements"));
        } else if (contents instanceof ShmObject.Sync sync) {
            sync(sync, now, out);
        } else if (contents instanceof ShmObject.Temporary temporary) {
            line(out, "becomes", temporary.target() + " once its creator finishes writing it");
        }
        previous = object;
        previousAt = now;
    }

    private void server(Path path, ShmObject.Server server, PrintStream out) {
        line(out, "state", server.open() ? "open: accepting" : "closed");
        line(out, "channels", Format.bytes(server.channelCapacity()) + " rings each way by default");
        line(out, "inbox", Format.bytes(server.inboxUsed()) + " of " + Format.bytes(server.inboxCapacity())
            + " waiting (connection requests not yet accepted)");
        line(out, "next id", Long.toString(server.nextChannelId()));
        String prefix = path.getFileName() + ".ch";
        try (DirectoryStream<Path> files = Files.newDirectoryStream(path.getParent(), prefix + "*")) {
            for (Path file : files) {
                try {
                    ShmObject channel = ShmObjects.describe(file);
                    line(out, "channel", file.getFileName() + ": " + Summary.of(channel.contents()));
                } catch (IOException | RuntimeException e) {
                    line(out, "channel", file.getFileName() + ": unreadable: " + e.getMessage());
                }
            }
        } catch (IOException e) {
            line(out, "channels", "cannot list " + path.getParent() + ": " + e.getMessage());
        }
    }

    private void channel(ShmObject.Channel channel, Instant now, PrintStream out) {
        line(out, "rings", Format.bytes(channel.capacity()) + " each way");
        ShmObject.Channel before = previous != null && previous.contents() instanceof ShmObject.Channel c ? c : null;
        double seconds = before == null ? 0 : Duration.between(previousAt, now).toNanos() / 1e9;
        Table table = new Table("", "CLIENT", "SERVER");
        ShmObject.Side client = channel.client();
        ShmObject.Side server = channel.server();
        table.row("process", side(client), side(server));
        table.row("state", client.state(), server.state());
        counter(table, "messages sent", client.messagesSent(), server.messagesSent(),
            before == null ? null : new long[] {before.client().messagesSent(), before.server().messagesSent()}, seconds);
        counter(table, "bytes sent", client.bytesSent(), server.bytesSent(),
            before == null ? null : new long[] {before.client().bytesSent(), before.server().bytesSent()}, seconds);
        counter(table, "messages received", client.messagesReceived(), server.messagesReceived(),
            before == null ? null : new long[] {before.client().messagesReceived(), before.server().messagesReceived()}, seconds);
        counter(table, "bytes received", client.bytesReceived(), server.bytesReceived(),
            before == null ? null : new long[] {before.client().bytesReceived(), before.server().bytesReceived()}, seconds);
        counter(table, "back-pressure", client.backPressure(), server.backPressure(),
            before == null ? null : new long[] {before.client().backPressure(), before.server().backPressure()}, seconds);
        table.row("ring it writes", fill(client.ringUsed(), channel.capacity()), fill(server.ringUsed(), channel.capacity()));
        table.print(out, "  ");
        out.println("  (back-pressure: offers refused because the ring was full; ring: bytes written, not yet read)");
    }

    private static void counter(Table table, String name, long client, long server, long[] before, double seconds) {
        table.row(name, rated(client, before == null ? -1 : before[0], seconds), rated(server, before == null ? -1 : before[1], seconds));
    }

    private static String rated(long value, long before, double seconds) {
        String text = Format.count(value);
        if (before >= 0 && seconds > 0) {
            text += String.format(Locale.ROOT, " (+%,.0f/s)", (value - before) / seconds);
        }
        return text;
    }

    private static String fill(long used, int capacity) {
        return Format.bytes(used) + String.format(Locale.ROOT, " (%.1f%%)", 100.0 * used / capacity);
    }

    private static String side(ShmObject.Side side) {
        return side.process() == null ? "not accepted yet" : Format.processLong(side.process());
    }

    private void sync(ShmObject.Sync sync, Instant now, PrintStream out) {
        if (sync.permits() == 1) {
            line(out, "holder", sync.holders().isEmpty() ? "none: free" + (sync.freedByDeath() > 0
                ? " (its last holder died holding it; the next taker is told)" : "") : Format.processLong(sync.holders().get(0)));
        } else {
            line(out, "permits", sync.available() + " of " + sync.permits() + " free" + (sync.freedByDeath() > 0
                ? " (" + sync.freedByDeath() + " freed from holders that died; their next takers are told)" : ""));
            for (ShmObject.Process holder : sync.holders()) {
                line(out, "holder", Format.processLong(holder));
            }
        }
        holderSeenSince.keySet().retainAll(sync.holders().stream().map(ShmObject.Process::pid).toList());
        for (ShmObject.Process holder : sync.holders()) {
            holderSeenSince.putIfAbsent(holder.pid(), now);
        }
        if (!sync.holders().isEmpty()) {
            if (previous == null) {
                line(out, "held since", "not recorded (a clock read on every acquire would double its cost); "
                    + "jipc watch shows how long the same holder keeps it");
            } else {
                for (ShmObject.Process holder : sync.holders()) {
                    Instant since = holderSeenSince.get(holder.pid());
                    line(out, "held", "by pid " + holder.pid() + " for at least " + Format.duration(Duration.between(since, now))
                        + (since.equals(firstLook) ? " (since this watch began)" : ""));
                }
            }
        }
        line(out, "claimant", sync.claimant() == null ? "none" : Format.processLong(sync.claimant())
            + " asked to go next");
        line(out, "recoveries", sync.recoveries() + " dead holders cleared so far");
    }

    private static void line(PrintStream out, String label, String value) {
        out.printf("  %-11s %s%n", label, value);
    }

}
