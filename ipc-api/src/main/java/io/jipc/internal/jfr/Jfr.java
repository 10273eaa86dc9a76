package io.jipc.internal.jfr;

import io.jipc.Endpoint;

/**
 * Records jipc's Flight Recorder events: every call site is one line. Each method costs a flag test when no
 * recording enables its event (the event object is then never filled in, and the JIT removes it), and nothing at
 * all on a runtime without the {@code jdk.jfr} module. Values that cost something to compute (a {@code toString},
 * a clock read) are computed only for an enabled event. Thread-safe.
 * <p>
 * No event class is loaded before Flight Recorder runs in this JVM ({@code -XX:StartFlightRecording}, {@code jcmd
 * JFR.start}, or a {@code Recording} made in the program): on JDK 17 the first load of a {@code jdk.jfr.Event}
 * subclass registers it with Flight Recorder's metadata even when nothing records, which took 145-185 ms of a
 * child JVM's start here (measured with {@code -Xlog:class+load}, see {@code BENCHMARKS.md}). Event classes loaded
 * once it runs are registered and enabled as usual.
 */
public final class Jfr {

    /** False on a runtime built without {@code jdk.jfr}: then no event class is ever loaded. */
    private static final boolean AVAILABLE = ModuleLayer.boot().findModule("jdk.jfr").isPresent();
    /** Set once Flight Recorder was seen running; it never stops being initialized. */
    private static volatile boolean running;

    private Jfr() {
    }

    /** @return true when Flight Recorder runs in this JVM, so that events may be enabled */
    private static boolean on() {
        if (running) {
            return true;
        }
        if (AVAILABLE && Recorder.initialized()) {
            running = true;
            return true;
        }
        return false;
    }

    /** Touches {@code jdk.jfr} only when the module is there. */
    private static final class Recorder {
        private Recorder() {
        }

        static boolean initialized() {
            return jdk.jfr.FlightRecorder.isInitialized();
        }
    }

    /** A channel opened on {@code endpoint}. */
    public static void channelOpened(Endpoint endpoint) {
        if (on()) {
            ChannelOpenedEvent event = new ChannelOpenedEvent();
            if (event.isEnabled()) {
                event.endpoint = String.valueOf(endpoint);
                event.transport = endpoint == null ? null : endpoint.scheme();
                event.commit();
            }
        }
    }

    /** This side closed a channel; {@code delivered} is what its graceful close returned. */
    public static void channelClosed(Endpoint endpoint, Object peer, boolean delivered) {
        if (on()) {
            ChannelClosedEvent event = new ChannelClosedEvent();
            if (event.isEnabled()) {
                event.endpoint = String.valueOf(endpoint);
                event.peer = String.valueOf(peer);
                event.delivered = delivered;
                event.commit();
            }
        }
    }

    /** A caller learned that the peer on {@code endpoint} is gone, for {@code reason}. */
    public static void peerGone(Endpoint endpoint, String reason) {
        if (on()) {
            PeerGoneEvent event = new PeerGoneEvent();
            if (event.isEnabled()) {
                event.endpoint = String.valueOf(endpoint);
                event.reason = reason;
                event.commit();
            }
        }
    }

    /**
     * A blocking send found no room and starts waiting.
     *
     * @return a handle for {@link #stallEnd}, or null when the event is not recorded
     */
    public static Object stallBegin() {
        if (on()) {
            BackPressureStallEvent event = new BackPressureStallEvent();
            if (event.isEnabled()) {
                event.begin();
                return event;
            }
        }
        return null;
    }

    /** The wait begun by {@link #stallBegin} ended: recorded when it lasted longer than the event's threshold. */
    public static void stallEnd(Object stall, Endpoint endpoint, int length, boolean sent) {
        if (stall != null) {
            BackPressureStallEvent event = (BackPressureStallEvent) stall;
            event.end();
            if (event.shouldCommit()) {
                event.endpoint = String.valueOf(endpoint);
                event.length = length;
                event.sent = sent;
                event.commit();
            }
        }
    }

    /** A lock or semaphore slot in {@code file} was taken back from {@code pid}, which died holding it. */
    public static void lockOwnerDied(Object file, long pid) {
        if (on()) {
            LockOwnerDiedEvent event = new LockOwnerDiedEvent();
            if (event.isEnabled()) {
                event.file = String.valueOf(file);
                event.pid = pid;
                event.commit();
            }
        }
    }

    /**
     * @return {@link System#nanoTime()} while pool task events are recorded, else 0 (no clock read): a pool stamps
     *     its jobs with it for {@link #poolTask}
     */
    public static long poolClock() {
        return on() && new PoolTaskEvent().isEnabled() ? System.nanoTime() : 0;
    }

    /**
     * A pool job was answered: queued at {@code queuedAt}, sent to the worker at {@code sentAt} (both from
     * {@link #poolClock}), run in {@code runNanos} by the worker.
     */
    public static void poolTask(Object channel, long workerPid, int inputs, long queuedAt, long sentAt, long runNanos,
        String outcome) {
        if (on()) {
            PoolTaskEvent event = new PoolTaskEvent();
            if (event.isEnabled()) {
                event.channel = String.valueOf(channel);
                event.workerPid = workerPid;
                event.inputs = inputs;
                event.queueTime = queuedAt != 0 && sentAt != 0 ? sentAt - queuedAt : 0;
                event.runTime = runNanos;
                event.outcome = outcome;
                event.commit();
            }
        }
    }

    /** A pool lost the worker {@code pid} it reached through {@code channel}, for {@code reason}. */
    public static void workerLost(Object channel, long pid, String reason) {
        if (on()) {
            WorkerLostEvent event = new WorkerLostEvent();
            if (event.isEnabled()) {
                event.channel = String.valueOf(channel);
                event.pid = pid;
                event.reason = reason;
                event.commit();
            }
        }
    }

    /** The pool on {@code pool} started worker {@code pid} in place of one it lost or retired. */
    public static void workerReplaced(Object pool, long pid) {
        if (on()) {
            WorkerReplacedEvent event = new WorkerReplacedEvent();
            if (event.isEnabled()) {
                event.pool = String.valueOf(pool);
                event.pid = pid;
                event.commit();
            }
        }
    }
}
