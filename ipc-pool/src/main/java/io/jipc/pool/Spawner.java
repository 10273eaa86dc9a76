package io.jipc.pool;

import java.nio.file.Files;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;

import org.agrona.concurrent.UnsafeBuffer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.jipc.Channel;
import io.jipc.IpcException;
import io.jipc.IpcTimeoutException;
import io.jipc.process.JvmProcess;

/**
 * Starts worker JVMs off the dispatcher thread: launch, connect, send INIT, wait for READY. Also closes retired
 * workers, which may take up to the grace period. Thread-safe.
 */
final class Spawner implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Spawner.class);

    private final PoolConfig config;
    private final WorkerConnector connector;
    private final byte[] initMessage;
    private final ExecutorService threads;
    private final AtomicBoolean archiveClaimed = new AtomicBoolean();

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

    /** @return completes with a ready worker, or fails with {@link WorkerStartException} */
    CompletableFuture<WorkerSlot> startAsync() {
        return CompletableFuture.supplyAsync(this::start, threads);
    }

    /**
     * Closes a worker in the background: its channel first (the worker sees end-of-stream and exits; a worker that
     * connected to the pool's server has no channel in its {@link JvmProcess}), then the process (wait, terminate,
     * reap).
     */
    CompletableFuture<Void> closeAsync(WorkerSlot worker) {
        return CompletableFuture.runAsync(() -> {
            closeWorker(worker.process, worker.channel);
            installArchive(worker.process); // before the pool's close() returns: the next pool may use it at once
        }, threads);
    }

    /** Closes {@code channel} (may be null), then {@code process}. */
    static void closeWorker(JvmProcess process, Channel channel) {
        try {
            if (channel != null) {
                channel.close();
            }
        } finally {
            process.close();
        }
    }

    /** The archive a worker is writing, by the builder that asked it to; moved into place when that worker exits. */
    private final ThreadLocal<java.nio.file.Path> archiveBeingWritten = new ThreadLocal<>();
    /** Archives being written, by the pid of the worker writing each. */
    private final java.util.Map<Long, java.nio.file.Path> archivesInWriting = new java.util.concurrent.ConcurrentHashMap<>();

    /** Installs the archive an exited worker wrote, once (on close, or when it exits some other way). */
    private void installArchive(JvmProcess process) {
        if (process.isAlive()) {
            return;
        }
        java.nio.file.Path written = archivesInWriting.remove(process.pid());
        if (written != null) {
            ClassDataArchives.install(written, config.classDataArchive(), process.exitCode().orElse(-1) == 0);
        }
    }

    private JvmProcess.Builder builder() {
        JvmProcess.Builder builder = JvmProcess.builder(Worker.class)
            .args(connector.workerEndpoint())
            .jvmOptions(config.jvmOptions().toArray(new String[0]))
            .grace(config.grace())
            .stderr(config.stderr());
        if (config.classDataArchive() != null) {
            // every child logs to stderr already (CoreJvmOptions); CDS notes (an archive that does not fit is quietly
            // not used) nowhere
            builder.jvmOptions("-Xlog:cds*=off:stderr");
            if (Files.isRegularFile(config.classDataArchive())) {
                builder.jvmOptions("-XX:SharedArchiveFile=" + config.classDataArchive());
            } else if (archiveClaimed.compareAndSet(false, true)) {
                java.nio.file.Path written = ClassDataArchives.temporary(config.classDataArchive());
                archiveBeingWritten.set(written);
                builder.jvmOptions("-XX:ArchiveClassesAtExit=" + written);
            }
        }
        connector.configure(builder);
        return builder;
    }

    private WorkerSlot start() {
        long started = System.nanoTime();
        JvmProcess process = builder().start();
        java.nio.file.Path written = archiveBeingWritten.get();
        if (written != null) {
            archiveBeingWritten.remove();
            archivesInWriting.put(process.pid(), written);
            process.onExit().whenComplete((code, error) -> installArchive(process));
        }
        Channel channel = null;
        try {
            Duration timeout = config.startTimeout();
            channel = connector.connect(process, timeout);
            channel.send(new UnsafeBuffer(initMessage), 0, initMessage.length, timeout);
            byte[] reply;
            try {
                reply = channel.receive(timeout);
            } catch (IpcTimeoutException e) {
                throw new WorkerStartException("worker " + process.pid() + " was not ready within " + timeout
                    + " (its initializer still running?)", e);
            }
            UnsafeBuffer answer = new UnsafeBuffer(reply);
            if (reply.length > 0 && reply[PoolProtocol.TYPE_OFFSET] == PoolProtocol.INIT_FAILED) {
                throw new WorkerStartException("worker " + process.pid() + " could not initialize (codec or initializer)",
                    RemoteErrors.decode(answer, new int[] {PoolProtocol.INIT_FAILED_HEADER}, process.pid()));
            }
            if (reply.length != PoolProtocol.HELLO_LENGTH || reply[PoolProtocol.TYPE_OFFSET] != PoolProtocol.READY) {
                throw new WorkerStartException("worker " + process.pid() + " answered INIT with " + reply.length
                    + " bytes of type " + (reply.length > 0 ? reply[0] : -1) + "; expected READY", null);
            }
            return new WorkerSlot(process, channel, System.nanoTime() - started);
        } catch (RuntimeException e) {
            process.kill();
            closeWorker(process, channel);
            if (e instanceof WorkerStartException) {
                throw e;
            }
            String exit = process.exitCode().isPresent() ? " (exit code " + process.exitCode().getAsInt() + ")" : "";
            throw new WorkerStartException("worker " + process.pid() + " could not start" + exit + ": "
                + (e instanceof IpcException ? e.getMessage() : e.toString()), e);
        }
    }

    @Override
    public void close() {
        threads.shutdown();
        connector.close();
        LOG.debug("spawner closed");
    }
}
