package io.jipc.manager.children;

import io.jipc.manager.Manager;
import io.jipc.manager.SharedList;
import io.jipc.manager.SharedMap;
import io.jipc.manager.SharedNamespace;
import io.jipc.manager.SharedQueue;

/**
 * Uses every kind at once: takes jobs from queue "jobs" until a negative one, and for each puts its square in map
 * "squares", appends it to list "done", moves 1 in the Account "bank", counts it in map "counts"; at the end records
 * its pid in namespace "workers". {@code <endpoint>}.
 */
public final class Sharer {

    private Sharer() {
    }

    public static void main(String[] args) throws InterruptedException {
        try (Manager manager = Manager.connect(args[0])) {
            SharedQueue<Integer> jobs = manager.queue("jobs");
            SharedMap<Integer, Long> squares = manager.map("squares");
            SharedMap<String, Long> counts = manager.map("counts");
            SharedList<Integer> done = manager.list("done");
            SharedNamespace workers = manager.namespace("workers");
            Account bank = manager.proxy("bank", Account.class);
            int mine = 0;
            for (int job = jobs.take(); job >= 0; job = jobs.take()) {
                squares.put(job, (long) job * job);
                done.add(job);
                bank.transfer(1, 0);
                counts.merge("jobs", 1L, Long::sum);
                mine++;
            }
            workers.set("pid-" + ProcessHandle.current().pid(), mine);
        }
    }
}
