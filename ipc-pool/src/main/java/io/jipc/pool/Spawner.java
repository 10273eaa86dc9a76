package io.jipc.pool;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;

import org.agrona.concurrent.UnsafeBuffer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.jipc.Channel;
import io.jipc.IpcException;
import io.jipc.IpcTimeoutException;
import io.jipc.codec.CodecException;
import io.jipc.process.JvmProcess;

/**
 * Brings workers in off the dispatcher thread: starts worker JVMs (launch, connect, INIT, READY), warms spares up
 * ({@link WarmUp}), initializes workers that joined by hand the same way, trains the ahead-of-time cache on JDK 25+
 * ({@link AheadOfTimeCache}), and closes retired workers, which may take up to the grace period. Thread-safe.
 */
final class Spawner implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Spawner.class);
    /** How long a worker whose start failed may take to show its exit code (was it killed from outside?). */
    private static final Duration EXIT_CODE_WAIT = Duration.ofMillis(300);

    private final PoolConfig config;
    private final WorkerConnector connector;
    private final byte[] initMessage;
    private final ExecutorService threads;
    private final AtomicBoolean archiveClaimed = new AtomicBoolean();
    private final AtomicBoolean archiveMarked = new AtomicBoolean();
    /** The archive a worker is writing, by the builder that asked it to; moved into place when that worker exits. */
    private final ThreadLocal<Path> archiveBeingWritten = new ThreadLocal<>();
    /** Archives being written, by the pid of the worker writing each. */
    private final Map<Long, Path> archivesInWriting = new ConcurrentHashMap<>();
    /** Completes when the ahead-of-time cache this spawner trains is in place (or training gave up). */
    private volatile CompletableFuture<?> training = CompletableFuture.completedFuture(null);
    /** Worker JVMs launched whose start (connect, INIT, READY, a spare's warm-up) has not ended. */
    private final Set<JvmProcess> launching = ConcurrentHashMap.newKeySet();
    /** Set once the pool has nothing left for a starting worker: see {@link #abandonStarts()}. */
    private volatile boolean abandoned;

    /**
     * @param initializer the initializer as a {@link FunctionValue}
     */
    Spawner(PoolConfig config, WorkerConnector connector, byte[] initializer) {
        this.config = config;
        this.connector = connector;
        this.initMessage = InitRecord.encode(config.codecFactory().getName(), config.allowed(), initializer);
        this.threads = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "jipc-pool-spawner");
            t.setDaemon(true);
            return t;
        });
    }

    /** @return the connector workers reach the pool through */
    WorkerConnector connector() {
        return connector;
    }

    /** @return completes with a ready worker, or fails with {@link WorkerStartException} */
    CompletableFuture<WorkerSlot> startAsync() {
        return CompletableFuture.supplyAsync(() -> launched(start()), threads);
    }

    /** @return {@code w}, whose start has ended */
    private WorkerSlot launched(WorkerSlot w) {
        launching.remove(w.process);
        return w;
    }

    /**
     * The pool is ending and has nothing left for a worker that is still starting: kills those (and any launched
     * from now on), so that their starts fail at once instead of holding the pool's end for up to the start timeout
     * (a worker whose connection was dropped before its HELLO, say, is otherwise waited for that long). Any thread.
     */
    void abandonStarts() {
        abandoned = true;
        for (JvmProcess process : launching) {
            process.kill();
        }
    }

    /**
     * @return completes with a ready worker that has run the {@link WarmUp} (or could not, when the pool's codec
     *     cannot write its integers), or fails with {@link WorkerStartException}
     */
    CompletableFuture<WorkerSlot> startSpareAsync() {
        return CompletableFuture.supplyAsync(() -> {
            WorkerSlot w = start();
            try {
                WarmUp.run(w.channel, PoolBuilder.codec(config), config.startTimeout());
            } catch (CodecException e) {
                LOG.debug("{} stays cold: the pool's codec cannot write the warm-up: {}", w, e.getMessage());
            } catch (RuntimeException e) {
                w.kill();
                closeWorker(w.process, w.channel, Duration.ZERO);
                throw new WorkerStartException(w + " failed its warm-up: " + e.getMessage(), e);
            } finally {
                launching.remove(w.process);
            }
            return w;
        }, threads);
    }

    /**
     * @return completes with a worker that joined by hand, initialized like the pool's own, or fails with
     *     {@link WorkerStartException} (its channel is then closed)
     */
    CompletableFuture<WorkerSlot> admitAsync(WorkerConnector.Joining joining) {
        return CompletableFuture.supplyAsync(() -> {
            WorkerSlot w = WorkerSlot.joined(joining.channel(), joining.hello());
            try {
                initialize(joining.channel(), w.toString(), w.pid);
                return w;
            } catch (RuntimeException e) {
                joining.channel().close(Duration.ZERO);
                throw e instanceof WorkerStartException ? e
                    : new WorkerStartException(w + " could not start: " + e.getMessage(), e);
            }
        }, threads);
    }

    /**
     * Closes a worker in the background, gracefully: its channel first (it takes what was sent, sees end-of-stream,
     * answers with its own and exits), then, for a worker the pool started, its process (wait, terminate, reap).
     */
    CompletableFuture<Void> closeAsync(WorkerSlot worker) {
        return CompletableFuture.runAsync(() -> {
            closeWorker(worker.process, worker.channel, config.grace());
            if (worker.process != null) {
                installArchive(worker.process); // before the pool's close() returns: the next pool may use it at once
            }
        }, threads);
    }

    /** Closes {@code channel} (may be null), lingering up to {@code linger}, then {@code process} (may be null). */
    static void closeWorker(JvmProcess process, Channel channel, Duration linger) {
        try {
            if (channel != null) {
                channel.close(linger);
            }
        } finally {
            if (process != null) {
                process.close();
            }
        }
    }

    /** Installs the archive an exited worker wrote, once (on close, or when it exits some other way). */
    private void installArchive(JvmProcess process) {
        if (process.isAlive()) {
            return;
        }
        Path written = archivesInWriting.remove(process.pid());
        if (written != null) {
            ClassDataArchives.install(written, config.classDataArchive(), process.exitCode().orElse(-1) == 0);
        }
    }

    /** Every worker's first option; a pool's own {@code -XX:-ExitOnOutOfMemoryError} comes later and wins. */
    static final String EXIT_ON_OUT_OF_MEMORY = "-XX:+ExitOnOutOfMemoryError";
    /**
     * Every worker's heap on transparent huge pages, where the kernel offers them: a worker killed with -9 is gone
     * (its pipe at end-of-stream, its exit code known) only once the kernel has freed every page it touched, 12-60
     * ms for a worker that allocated 10 MB to 1 GB in small pages, 6-7 ms in huge pages (measured here, see
     * {@code docs/pool.md}); its allocations are faster too. A pool's own {@code -XX:-UseTransparentHugePages} wins.
     */
    static final List<String> HUGE_PAGES = TransparentHugePages.offered() ? List.of("-XX:+UseTransparentHugePages") : List.of();

    private JvmProcess.Builder builder() {
        JvmProcess.Builder builder = JvmProcess.builder(Worker.class)
            .args(connector.workerEndpoint())
            .jvmOptions(EXIT_ON_OUT_OF_MEMORY) // a worker out of memory exits (status 3) rather than limping on
            .jvmOptions(HUGE_PAGES.toArray(new String[0]))
            .jvmOptions(config.jvmOptions().toArray(new String[0]))
            .grace(config.grace())
            .stderr(config.stderr());
        Path archive = config.classDataArchive();
        if (archive == null) {
            return builder;
        }
        boolean archived = Files.isRegularFile(archive);
        if (archived && archiveMarked.compareAndSet(false, true)) {
            ClassDataArchives.markUsed(archive);
        }
        if (AheadOfTimeCache.supported()) {
            if (archived) {
                builder.jvmOptions(AheadOfTimeCache.useOptions(archive).toArray(new String[0]));
            } else if (archiveClaimed.compareAndSet(false, true)) {
                training = CompletableFuture.runAsync(() -> AheadOfTimeCache.train(archive, config), threads);
            }
        } else {
            // every child logs to stderr already (CoreJvmOptions); CDS notes (an archive that does not fit is quietly
            // not used) nowhere
            builder.jvmOptions("-Xlog:cds*=off:stderr");
            if (archived) {
                builder.jvmOptions("-XX:SharedArchiveFile=" + archive);
            } else if (archiveClaimed.compareAndSet(false, true)) {
                Path written = ClassDataArchives.temporary(archive);
                archiveBeingWritten.set(written);
                builder.jvmOptions("-XX:ArchiveClassesAtExit=" + written);
            }
        }
        return builder;
    }

    private WorkerSlot start() {
        long started = System.nanoTime();
        JvmProcess process = connector.start(builder());
        launching.add(process);
        if (abandoned) {
            process.kill(); // abandonStarts ran while this one was being launched
        }
        Path written = archiveBeingWritten.get();
        if (written != null) {
            archiveBeingWritten.remove();
            archivesInWriting.put(process.pid(), written);
            process.onExit().whenComplete((code, error) -> installArchive(process));
        }
        Channel channel = null;
        try {
            channel = connector.connect(process, config.startTimeout());
            initialize(channel, "worker " + process.pid(), process.pid());
            return WorkerSlot.started(process, channel, System.nanoTime() - started);
        } catch (RuntimeException e) {
            launching.remove(process);
            int exitCode = exitCodeSoon(process);
            process.kill();
            closeWorker(process, channel, Duration.ZERO);
            if (KilledWhileStartingException.killedBySignal(exitCode)) {
                throw new KilledWhileStartingException(process.pid(), exitCode, e);
            }
            if (e instanceof WorkerStartException) {
                throw e;
            }
            String exit = process.exitCode().isPresent() ? " (exit code " + process.exitCode().getAsInt() + ")" : "";
            throw new WorkerStartException("worker " + process.pid() + " could not start" + exit + ": "
                + (e instanceof IpcException ? e.getMessage() : e.toString()), e);
        }
    }

    /**
     * @return the exit code of a worker whose start failed, waiting briefly for it (a pipe's end of file or a broken
     *     channel is seen before the exit code); -1 while it still runs
     */
    private static int exitCodeSoon(JvmProcess process) {
        try {
            return process.join(EXIT_CODE_WAIT) ? process.exitCode().orElse(-1) : -1;
        } catch (IpcException e) { // interrupted: the status is set again
            return -1;
        }
    }

    /** Sends INIT and waits for READY. @throws WorkerStartException when INIT failed or the answer is not READY */
    private void initialize(Channel channel, String name, long pid) {
        Duration timeout = config.startTimeout();
        channel.send(new UnsafeBuffer(initMessage), 0, initMessage.length, timeout);
        byte[] reply;
        try {
            reply = channel.receive(timeout);
        } catch (IpcTimeoutException e) {
            throw new WorkerStartException(name + " was not ready within " + timeout + " (its initializer still running?)",
                e);
        }
        if (reply.length > 0 && reply[PoolProtocol.TYPE_OFFSET] == PoolProtocol.INIT_FAILED) {
            throw new WorkerStartException(name + " could not initialize (protocol version, codec or initializer)",
                RemoteErrors.decode(new UnsafeBuffer(reply), new int[] {PoolProtocol.INIT_FAILED_HEADER}, pid));
        }
        if (reply.length != PoolProtocol.READY_LENGTH || reply[PoolProtocol.TYPE_OFFSET] != PoolProtocol.READY) {
            throw new WorkerStartException(name + " answered INIT with " + reply.length + " bytes of type "
                + (reply.length > 0 ? reply[0] : -1) + "; expected READY", null);
        }
    }

    /** Stops taking work; waits for a training of the ahead-of-time cache to end, so the next pool may use it. */
    @Override
    public void close() {
        try {
            training.get(3, java.util.concurrent.TimeUnit.MINUTES);
        } catch (Exception e) {
            LOG.debug("the ahead-of-time cache was not trained: {}", e.toString());
        }
        threads.shutdown();
        connector.close();
        LOG.debug("spawner closed");
    }
}
