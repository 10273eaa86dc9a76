package io.jipc.examples.manager;

import java.util.HashMap;
import java.util.Map;

import io.jipc.manager.Manager;
import io.jipc.manager.SharedList;
import io.jipc.manager.SharedMap;
import io.jipc.manager.SharedQueue;

/**
 * A worker JVM: connects to the manager ({@code args[0]}), appends its pid to the shared list "workers", then takes
 * jobs from the shared queue "jobs" until {@link Job#STOP}, counting each job's words into the shared map "counts"
 * (a {@code merge} that runs in the manager) and its jobs into "jobs-done".
 */
public final class WordCounter {

    private WordCounter() {
    }

    public static void main(String[] args) throws InterruptedException {
        try (Manager manager = Manager.connect(args[0])) {
            SharedQueue<Job> jobs = manager.queue("jobs");
            SharedMap<String, Long> counts = manager.map("counts");
            SharedMap<Long, Integer> done = manager.map("jobs-done");
            SharedList<Long> workers = manager.list("workers");
            long pid = ProcessHandle.current().pid();
            workers.add(pid);
            for (Job job = jobs.take(); job.number() >= 0; job = jobs.take()) {
                for (Map.Entry<String, Long> word : count(job.lines()).entrySet()) {
                    counts.merge(word.getKey(), word.getValue(), Long::sum);    // runs in the manager, atomically
                }
                done.merge(pid, 1, Integer::sum);
            }
        }
    }

    /** @return how often each word occurs in {@code text}, lower-cased */
    static Map<String, Long> count(String text) {
        Map<String, Long> counts = new HashMap<>();
        for (String word : text.toLowerCase(java.util.Locale.ROOT).split("[^\\p{L}']+")) {
            if (!word.isEmpty()) {
                counts.merge(word, 1L, Long::sum);
            }
        }
        return counts;
    }
}
