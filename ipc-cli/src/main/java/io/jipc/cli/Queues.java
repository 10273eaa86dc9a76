package io.jipc.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import io.jipc.mq.QueueInspection;

/** The tool's view of queues ({@code mq:} directories): found under a directory, and what is inside one. */
final class Queues {

    private Queues() {
    }

    /** @return the queue directories under {@code dir} (itself included), eight deep, links not followed */
    static List<Path> under(Path dir) throws IOException {
        try (Stream<Path> walk = Files.walk(dir, 8)) {
            return walk.filter(Files::isDirectory).filter(QueueInspection::isQueue).sorted().collect(Collectors.toList());
        }
    }

    /** @return the bytes of a queue's files (its cycle files are sparse: this is their length, not the disk used) */
    static long size(Path queue) throws IOException {
        try (Stream<Path> files = Files.list(queue)) {
            long total = 0;
            for (Path file : files.collect(Collectors.toList())) {
                total += Files.isRegularFile(file) ? Files.size(file) : 0;
            }
            return total;
        }
    }

    /** @return e.g. {@code messages 0x1..0x9, 2 subscriptions (billing owner 4242 alive)} */
    static String summary(QueueInspection.QueueState state) {
        List<String> subscriptions = new ArrayList<>();
        for (QueueInspection.SubscriptionState s : state.subscriptions()) {
            subscriptions.add(s.name() + (s.ownerPid() == 0 ? "" : " owner " + s.ownerPid() + (s.ownerAlive() ? " alive" : " dead")));
        }
        return (state.lastIndex() < 0 ? "empty" : "messages " + index(state.firstIndex()) + ".." + index(state.lastIndex()))
            + ", " + state.subscriptions().size() + " subscriptions" + (subscriptions.isEmpty() ? "" : " (" + String.join(", ", subscriptions) + ")");
    }

    /** Prints what {@code jipc stat} shows of a queue. */
    static void print(QueueInspection.QueueState state, PrintStream out) throws IOException {
        out.println(state.directory());
        line(out, "kind", "queue (Chronicle Queue, mq:" + state.directory() + ")");
        line(out, "files", Format.bytes(size(state.directory())) + " (cycle files are sparse)");
        line(out, "first", state.firstIndex() < 0 ? "none: empty" : index(state.firstIndex()));
        line(out, "last", state.lastIndex() < 0 ? "none: empty" : index(state.lastIndex()));
        for (QueueInspection.SubscriptionState s : state.subscriptions()) {
            line(out, "subscription", s.name() + ": acknowledged up to " + (s.acknowledged() < 0 ? "nothing yet" : index(s.acknowledged()))
                + (s.acknowledged() >= 0 && s.acknowledged() == state.lastIndex() ? " (all)" : "")
                + (s.ownerPid() == 0 ? ", never owned" : ", owner pid " + s.ownerPid() + (s.ownerAlive() ? " (alive)" : " (dead)")));
        }
        if (state.subscriptions().isEmpty()) {
            line(out, "subscription", "none");
        }
    }

    /** @return a Chronicle index in hexadecimal, as Chronicle's own tools print it (its cycle is in the high bits) */
    static String index(long index) {
        return "0x" + Long.toHexString(index);
    }

    private static void line(PrintStream out, String label, String value) {
        out.printf("  %-12s %s%n", label, value);
    }
}
