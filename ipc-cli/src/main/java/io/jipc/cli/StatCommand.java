package io.jipc.cli;

import java.io.PrintStream;
import java.nio.file.Paths;
import java.time.Instant;
import java.util.List;

import io.jipc.mq.QueueInspection;
import io.jipc.shm.ShmObjects;

/** {@code jipc stat <path>}: what is inside one object. */
final class StatCommand implements Command {

    @Override
    public String usage() {
        return "stat <path>";
    }

    @Override
    public String summary() {
        return "what is inside one object: holders, ring fill, counters; a queue's subscriptions";
    }

    @Override
    public int run(List<String> args, PrintStream out) throws Exception {
        if (args.size() != 1) {
            throw new UsageException("takes one path");
        }
        java.nio.file.Path path = Paths.get(args.get(0));
        if (QueueInspection.isQueue(path)) {
            Queues.print(QueueInspection.describe(path), out);
        } else {
            new StatPrinter().print(ShmObjects.describe(path), Instant.now(), out);
        }
        return Jipc.OK;
    }
}
