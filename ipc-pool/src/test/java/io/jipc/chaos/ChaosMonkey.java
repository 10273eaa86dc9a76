package io.jipc.chaos;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.LongFunction;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.jipc.internal.ProcessIdentity;

/**
 * A thread that hurts the processes a scenario names, one at a time, at random but replayable (a seeded
 * {@link Random}): {@code kill -9}, or SIGSTOP for a while and then SIGCONT (or, sometimes, {@code kill -9} while
 * still stopped). One fault at a time: while a process is stopped nothing else is hurt, so a retried task or a
 * waiting lock always has a live process to go to; a scenario may also hold the next fault back until it has
 * recovered from the last (its victims function answers none). {@link #close()} ends the run and resumes whatever
 * is stopped.
 */
final class ChaosMonkey implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ChaosMonkey.class);

    /**
     * How the monkey behaves.
     *
     * @param minGap    shortest pause between two faults
     * @param maxGap    longest pause between two faults
     * @param maxStop   longest SIGSTOP (the shortest is a tenth of it)
     * @param killShare share of faults that are a {@code kill -9} rather than a stop
     */
    record Plan(Duration minGap, Duration maxGap, Duration maxStop, double killShare) {
    }

    /** What the monkey did: {@code KILL}, {@code STOP}, {@code CONT} or {@code KILL-STOPPED}, when, to whom. */
    record Event(long atMillis, long pid, String action) {
        @Override
        public String toString() {
            return atMillis + "ms " + action + " " + pid;
        }
    }

    private final String name;
    private final long seed;
    private final Random random;
    private final Plan plan;
    private final LongFunction<List<Long>> victims;
    private final CountDownLatch closing = new CountDownLatch(1);
    private final List<Event> events = new ArrayList<>();
    private final Set<Long> hurt = new HashSet<>();
    private final Thread thread;
    private final long started = System.nanoTime();
    private ProcessIdentity stopped;
    private volatile long lastFault;

    /**
     * Starts the monkey at once; it runs until {@link #close()}.
     *
     * @param name    the scenario, for the log
     * @param seed    the seed of its {@link Random}, logged so that a run can be replayed
     * @param plan    how it behaves
     * @param victims the pids it may hurt now, given the {@link System#nanoTime()} at which its last fault ended (0
     *                before the first); asked before each fault; none to wait
     */
    ChaosMonkey(String name, long seed, Plan plan, LongFunction<List<Long>> victims) {
        this.name = name;
        this.seed = seed;
        this.random = new Random(seed);
        this.plan = plan;
        this.victims = victims;
        LOG.info("chaos {}: seed {} (replay with -Djipc.chaos.seed={}), {}", name, seed, seed, plan);
        thread = new Thread(this::run, "chaos-monkey-" + name);
        thread.setDaemon(true);
        thread.start();
    }

    private void run() {
        try {
            while (!pause(between(plan.minGap(), plan.maxGap()))) {
                List<Long> pids = victims.apply(lastFault);
                if (pids.isEmpty()) {
                    continue;
                }
                ProcessIdentity victim = ProcessIdentity.of(pids.get(random.nextInt(pids.size())));
                if (victim.startTicks() == 0) {
                    continue; // gone already
                }
                if (random.nextDouble() < plan.killShare()) {
                    act(victim, "KILL", "KILL");
                    continue;
                }
                if (!act(victim, "STOP", "STOP")) {
                    continue;
                }
                synchronized (this) {
                    stopped = victim;
                }
                boolean closed = pause(between(plan.maxStop().dividedBy(10), plan.maxStop()));
                boolean killStopped = !closed && random.nextInt(4) == 0;
                synchronized (this) {
                    act(victim, killStopped ? "KILL" : "CONT", killStopped ? "KILL-STOPPED" : "CONT");
                    stopped = null;
                }
            }
        } catch (RuntimeException | Error e) {
            LOG.error("chaos {}: the monkey failed", name, e);
            throw e;
        }
    }

    private boolean act(ProcessIdentity victim, String signal, String action) {
        synchronized (this) {
            hurt.add(victim.pid()); // before the signal: a test may see the fault before this thread sees it sent
        }
        boolean sent = Chaos.signal(victim, signal);
        lastFault = System.nanoTime();
        if (sent) {
            synchronized (this) {
                events.add(new Event(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started), victim.pid(), action));
            }
        }
        return sent;
    }

    private Duration between(Duration min, Duration max) {
        return min.plusMillis((long) (random.nextDouble() * (max.toMillis() - min.toMillis())));
    }

    /** @return true when the monkey is being closed */
    private boolean pause(Duration pause) {
        try {
            return closing.await(pause.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            return true;
        }
    }

    /** @return the seed, to name in failure messages */
    long seed() {
        return seed;
    }

    /** @return every pid the monkey signalled (or tried to) */
    synchronized Set<Long> hurt() {
        return new HashSet<>(hurt);
    }

    /** @return how many faults of this action it caused */
    synchronized long count(String action) {
        return events.stream().filter(e -> e.action().equals(action)).count();
    }

    /** @return what it did, in order */
    synchronized List<Event> events() {
        return new ArrayList<>(events);
    }

    /** @return a line for the log and for failure messages */
    synchronized String summary() {
        return "chaos " + name + " (seed " + seed + "): " + count("KILL") + " kill -9, " + count("STOP") + " SIGSTOP ("
            + count("KILL-STOPPED") + " of them then killed while stopped)";
    }

    /** Ends the run: no new fault; a stopped process is resumed. Idempotent. */
    @Override
    public void close() {
        closing.countDown();
        try {
            thread.join(Duration.ofSeconds(30).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        synchronized (this) {
            if (stopped != null) {
                act(stopped, "CONT", "CONT");
                stopped = null;
            }
        }
        LOG.info("{}; events: {}", summary(), events());
    }
}
