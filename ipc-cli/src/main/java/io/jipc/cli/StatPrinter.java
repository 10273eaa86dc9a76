package io.jipc.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;

import io.jipc.shm.ShmObject;
import io.jipc.shm.ShmObjects;

/**
 * Writes what is inside one object. Used once by {@code stat}; {@code watch} keeps one printer across refreshes,
 * so it can add rates (the counters' change since the last look).
 */
final class StatPrinter {

    private ShmObject previous;
    private Instant previousAt;

    /** Prints {@code object}, looked at {@code now}. */
    void print(ShmObject object, Instant now, PrintStream out) {
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
            sync(sync, out);
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

    private static void sync(ShmObject.Sync sync, PrintStream out) {
        if (sync.permits() == 1) {
            line(out, "holder", sync.holders().isEmpty() ? "none: free" + (sync.freedByDeath() > 0
                ? " (its last holder died holding it; the next taker is told)" : "") : holder(sync, 0));
        } else {
            line(out, "permits", sync.available() + " of " + sync.permits() + " free" + (sync.freedByDeath() > 0
                ? " (" + sync.freedByDeath() + " freed from holders that died; their next takers are told)" : ""));
            for (int i = 0; i < sync.holders().size(); i++) {
                line(out, "holder", holder(sync, i));
            }
        }
        line(out, "claimant", sync.claimant() == null ? "none" : Format.processLong(sync.claimant())
            + " asked to go next");
        line(out, "recoveries", sync.recoveries() + " dead holders cleared so far");
    }

    /** @return e.g. {@code pid 4242 (alive), held for 1.234 s} */
    private static String holder(ShmObject.Sync sync, int i) {
        Duration heldFor = sync.heldFor().get(i);
        return Format.processLong(sync.holders().get(i)) + ", held for "
            + (heldFor == null ? "unknown (taken by a jipc build that does not record it)" : Format.seconds(heldFor));
    }

    private static void line(PrintStream out, String label, String value) {
        out.printf("  %-11s %s%n", label, value);
    }

}
