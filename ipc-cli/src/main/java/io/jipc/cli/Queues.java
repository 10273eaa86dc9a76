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

    /**
     * @return e.g. {@code 9 messages 0x4a1b00000000..0x4a1b00000008; subscriptions: billing (lag 3, owner 4242 alive);
     *     groups: resizers (unclaimed 2, in flight 1, members 4250 alive, 4251 dead)}
     */
    static String summary(QueueInspection.QueueState state) {
        StringBuilder line = new StringBuilder(state.lastIndex() < 0 ? "empty"
            : count(state.messages(), "message") + " " + index(state.firstIndex()) + ".." + index(state.lastIndex()));
        List<String> subscriptions = new ArrayList<>();
        for (QueueInspection.SubscriptionState s : state.subscriptions()) {
            subscriptions.add(s.name() + " (lag " + number(s.lag())
                + (s.ownerPid() == 0 ? "" : ", owner " + s.ownerPid() + (s.ownerAlive() ? " alive" : " dead")) + ")");
        }
        line.append("; ").append(subscriptions.isEmpty() ? "no subscriptions" : "subscriptions: " + String.join(", ", subscriptions));
        List<String> groups = new ArrayList<>();
        for (QueueInspection.ConsumerGroupState g : state.groups()) {
            groups.add(g.name() + " (unclaimed " + number(g.unclaimed()) + ", in flight " + number(g.inFlight()) + ", "
                + (g.members().isEmpty() ? "no members" : "members " + g.members().stream()
                    .map(m -> m.pid() + (m.alive() ? " alive" : " dead")).collect(Collectors.joining(", "))) + ")");
        }
        if (!groups.isEmpty()) {
            line.append("; groups: ").append(String.join(", ", groups));
        }
        return line.toString();
    }

    /** Prints what {@code jipc stat} shows of a queue. */
    static void print(QueueInspection.QueueState state, PrintStream out) throws IOException {
        out.println(state.directory());
        line(out, "kind", "queue (Chronicle Queue, mq:" + state.directory() + ")");
        line(out, "files", Format.bytes(size(state.directory())) + " (cycle files are sparse)");
        line(out, "messages", state.lastIndex() < 0 ? "none: empty" : number(state.messages()) + " kept");
        line(out, "first", state.firstIndex() < 0 ? "none: empty" : index(state.firstIndex()));
        line(out, "last", state.lastIndex() < 0 ? "none: empty" : index(state.lastIndex()));
        for (QueueInspection.SubscriptionState s : state.subscriptions()) {
            line(out, "subscription", s.name() + ": acknowledged up to " + (s.acknowledged() < 0 ? "nothing yet" : index(s.acknowledged()))
                + ", lag " + number(s.lag()) + (s.lag() == 0 ? " (all read)" : "")
                + (s.ownerPid() == 0 ? ", never owned" : ", owner pid " + s.ownerPid() + (s.ownerAlive() ? " (alive)" : " (dead)")));
        }
        if (state.subscriptions().isEmpty()) {
            line(out, "subscription", "none");
        }
        for (QueueInspection.ConsumerGroupState g : state.groups()) {
            line(out, "group", g.name() + ": claimed up to " + (g.claimed() < 0 ? "nothing yet" : index(g.claimed()))
                + ", unclaimed " + number(g.unclaimed()) + ", in flight " + number(g.inFlight()) + ", "
                + count(g.members().size(), "member"));
            for (QueueInspection.MemberState m : g.members()) {
                line(out, "  member", "pid " + m.pid() + (m.alive() ? " (alive)" : " (dead: its run goes to the next member that looks)")
                    + (m.runFrom() < 0 ? ", nothing in flight" : ", in flight " + number(m.pending()) + " of "
                        + index(m.runFrom()) + ".." + index(m.runTo())));
            }
        }
        if (!state.subscriptions().isEmpty() || !state.groups().isEmpty()) {
            out.println("  (lag: messages after the position not yet acknowledged; unclaimed: not yet taken by a member)");
        }
    }

    private static String number(long value) {
        return value == QueueInspection.UNKNOWN ? "unknown (a cycle file is gone)" : Format.count(value);
    }

    private static String count(long value, String noun) {
        return number(value) + " " + noun + (value == 1 ? "" : "s");
    }

    /** @return a Chronicle index in hexadecimal, as Chronicle's own tools print it (its cycle is in the high bits) */
    static String index(long index) {
        return "0x" + Long.toHexString(index);
    }

    private static void line(PrintStream out, String label, String value) {
        out.printf("  %-12s %s%n", label, value);
    }
}
