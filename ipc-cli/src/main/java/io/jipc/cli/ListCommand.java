package io.jipc.cli;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.jipc.mq.QueueInspection;
import io.jipc.shm.ShmObject;
import io.jipc.shm.ShmObjects;

/** {@code jipc ls [dir]}: every jipc object under a directory, its creator and the processes it names, alive or not. */
final class ListCommand implements Command {

    @Override
    public String usage() {
        return "ls [dir]";
    }

    @Override
    public String summary() {
        return "list every jipc object under dir (default " + ShmObjects.defaultDirectory() + ")";
    }

    @Override
    public int run(List<String> args, PrintStream out) throws Exception {
        if (args.size() > 1) {
            throw new UsageException("takes at most one directory");
        }
        Path dir = args.isEmpty() ? ShmObjects.defaultDirectory() : Paths.get(args.get(0));
        if (!Files.isDirectory(dir)) {
            throw new UsageException(dir + " is not a directory");
        }
        ShmObjects.Listing listing = ShmObjects.list(dir);
        Instant now = Instant.now();
        Table table = new Table("KIND", "SIZE", "AGE", "CREATOR", "STATE", "INSIDE", "MAPPED BY", "PATH");
        int abandoned = 0;
        for (ShmObject object : listing.objects()) {
            boolean gone = object.abandoned();
            abandoned += gone ? 1 : 0;
            table.row(object.kind(), Format.bytes(object.size()), Format.age(object.created(), now),
                Format.process(object.creator()), gone ? "abandoned" : "in use", Summary.of(object.contents()),
                Format.pids(object.mappedBy()), object.path().toString());
        }
        for (Path queue : Queues.under(dir)) {
            try {
                table.row("queue", Format.bytes(Queues.size(queue)), "-", "-", "-",
                    Queues.summary(QueueInspection.describe(queue)), "-", queue.toString());
            } catch (RuntimeException e) {
                listing.problems().put(queue, queue + " cannot be read: " + e.getMessage());
            }
        }
        if (table.rows() == 1) {
            out.println("no jipc objects under " + dir);
        } else {
            table.print(out);
            out.println(table.rows() - 1 + " objects, " + abandoned + " abandoned"
                + (abandoned > 0 ? " (jipc clean " + dir + " removes them)" : ""));
        }
        for (Map.Entry<Path, String> problem : listing.problems().entrySet()) {
            out.println("unreadable: " + problem.getValue());
        }
        return Jipc.OK;
    }
}
