package io.jipc.examples.manager;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import io.jipc.manager.Manager;
import io.jipc.manager.SharedQueue;
import io.jipc.process.JvmProcess;

/**
 * Python's {@code multiprocessing.Manager} demo on JVMs: the master starts a manager in a JVM of its own, puts the
 * jobs (pieces of a text) in a shared queue, and starts worker JVMs that take them, count the words into a shared
 * map and append their pids to a shared list. The master checks the shared totals against a count made here.
 * <p>
 * Arguments: {@code [workers] [lines] [lines per job]}, default 4, 20,000 and 200.
 */
public final class ManagerMaster {

    private static final String[] WORDS = ("the quick brown fox jumps over a lazy dog while seven wizards quietly"
        + " judge boxing matches in the old town square and nobody remembers why it began").split(" ");

    private ManagerMaster() {
    }

    public static void main(String[] args) throws InterruptedException {
        int workerCount = args.length > 0 ? Integer.parseInt(args[0]) : 4;
        int lineCount = args.length > 1 ? Integer.parseInt(args[1]) : 20_000;
        int perJob = args.length > 2 ? Integer.parseInt(args[2]) : 200;
        List<String> text = text(lineCount);
        long started = System.nanoTime();
        Map<String, Long> counts;
        List<Long> pids;
        Map<Long, Integer> jobsDone;
        List<JvmProcess> workers;
        long ready;
        long finished;
        try (Manager manager = Manager.builder()
                .allow("io.jipc.examples.manager.*")      // the Job record, and WordCounter's Long::sum may run there
                .spawn()) {                                  // a manager JVM, like Python's Manager()
            ready = System.nanoTime();
            SharedQueue<Job> jobs = manager.queue("jobs");
            int jobCount = 0;
            for (int first = 0; first < text.size(); first += perJob) {
                jobs.put(new Job(jobCount++, String.join("\n", text.subList(first, Math.min(text.size(), first + perJob)))));
            }
            workers = JvmProcess.builder(WordCounter.class).args(manager.endpoint().toString()).start(workerCount);
            try {
                for (int i = 0; i < workerCount; i++) {
                    jobs.put(Job.STOP);
                }
                for (JvmProcess worker : workers) {
                    if (!worker.join(java.time.Duration.ofMinutes(3)) || worker.exitCode().orElse(-1) != 0) {
                        throw new IllegalStateException(worker + " did not finish: exit code " + worker.exitCode());
                    }
                }
            } finally {
                workers.forEach(JvmProcess::close);
            }
            finished = System.nanoTime();
            counts = manager.<String, Long>map("counts").snapshot();
            pids = manager.<Long>list("workers").snapshot();
            jobsDone = manager.<Long, Integer>map("jobs-done").snapshot();
            System.out.printf(Locale.ROOT, "manager JVM %d at %s ready in %d ms; %d jobs of %d lines for %d workers%n",
                manager.pid(), manager.endpoint(), (ready - started) / 1_000_000, jobCount, perJob, workerCount);
            check(counts, WordCounter.count(String.join("\n", text)), pids, workers, jobsDone, jobCount);
        }
        long words = counts.values().stream().mapToLong(Long::longValue).sum();
        System.out.printf(Locale.ROOT, "jobs per worker: %s%n", jobsDone);
        System.out.printf(Locale.ROOT, "%,d words, %d distinct, counted by %d worker JVMs in %.2f s (with their start-up)%n",
            words, counts.size(), workerCount, (finished - ready) / 1e9);
        System.out.println("OK manager: " + counts.size() + " word counts in a shared map match a single-process count; "
            + pids.size() + " worker pids in a shared list; " + jobsDone.values().stream().mapToInt(Integer::intValue).sum()
            + " jobs taken from a shared queue");
    }

    private static void check(Map<String, Long> counts, Map<String, Long> expected, List<Long> pids,
                              List<JvmProcess> workers, Map<Long, Integer> jobsDone, int jobCount) {
        if (!counts.equals(new HashMap<>(expected))) {
            throw new IllegalStateException("the shared counts differ from a single-process count: " + counts.size()
                + " words, expected " + expected.size());
        }
        Set<Long> started = new HashSet<>();
        workers.forEach(w -> started.add(w.pid()));
        if (!new HashSet<>(pids).equals(started) || pids.size() != workers.size()) {
            throw new IllegalStateException("the shared list holds pids " + pids + ", the workers were " + started);
        }
        int done = jobsDone.values().stream().mapToInt(Integer::intValue).sum();
        if (done != jobCount) {
            throw new IllegalStateException(done + " jobs were done, " + jobCount + " were queued");
        }
    }

    /** @return {@code lines} lines of words, the same in every run */
    private static List<String> text(int lines) {
        Random random = new Random(42);
        List<String> text = new java.util.ArrayList<>(lines);
        for (int i = 0; i < lines; i++) {
            StringBuilder line = new StringBuilder();
            for (int w = 3 + random.nextInt(10); w > 0; w--) {
                line.append(WORDS[random.nextInt(WORDS.length)]).append(w > 1 ? ' ' : '.');
            }
            text.add(line.toString());
        }
        return text;
    }
}
