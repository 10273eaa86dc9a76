package io.jipc.internal;

import java.util.Optional;

import org.slf4j.Logger;

import io.jipc.process.JvmProcess;
import org.slf4j.LoggerFactory;

import io.jipc.spi.Liveness;

/**
 * Watches the parent process from a child: knows it by pid and start time (so a reused pid cannot fool it), and,
 * for a daemon child, ends this JVM within {@link #PERIOD_MS} ms (plus exit time) of the parent's death, even a
 * {@code kill -9}: the kernel offers a JVM no way to be told, so the child asks.
 */
public final class ParentWatch implements Liveness {

    /** How often the parent is checked, in milliseconds. */
    public static final long PERIOD_MS = 200;
    /** Exit status of a daemon child whose parent died. */
    public static final int EXIT_PARENT_DIED = 143;

    private static volatile ParentWatch current;

    private final ProcessIdentity parent;
    private final ProcessWatch watch;
    private boolean exitOnDeath;

    private ParentWatch(ProcessIdentity parent) {
        this.parent = parent;
        this.watch = parent == null ? null : new ProcessWatch(parent, "parent process");
    }

    /**
     * The watch over this process's parent: the one named by {@code -Djipc.parent.pid} when jipc started this JVM,
     * else the OS parent.
     */
    public static ParentWatch current() {
        ParentWatch watch = current;
        if (watch == null) {
            synchronized (ParentWatch.class) {
                watch = current;
                if (watch == null) {
                    watch = new ParentWatch(findParent());
                    current = watch;
                }
            }
        }
        return watch;
    }

    private static ProcessIdentity findParent() {
        String pid = System.getProperty(JvmProcess.PARENT_PID_PROPERTY);
        if (pid != null) {
            String start = System.getProperty(JvmProcess.PARENT_START_PROPERTY, "");
            return new ProcessIdentity(Long.parseLong(pid), start.isEmpty() ? 0 : Long.parseLong(start));
        }
        Optional<ProcessHandle> parent = ProcessHandle.current().parent();
        return parent.map(ProcessIdentity::of).orElse(null);
    }

    /** @return the parent's pid, or -1 when it was gone before this JVM looked */
    public long parentPid() {
        return parent == null ? -1 : parent.pid();
    }

    @Override
    public String goneReason() {
        return watch == null ? "the parent process was gone before this JVM looked" : watch.goneReason();
    }

    /** Starts a daemon thread that exits this JVM once the parent is gone. Idempotent. */
    synchronized void exitWhenParentDies() {
        if (exitOnDeath) {
            return;
        }
        exitOnDeath = true;
        Thread thread = new Thread(() -> {
            while (true) {
                String reason = watch == null ? goneReason() : watch.checkNow();
                if (reason != null) {
                    Log.LOG.warn("{}: daemon child {} exits", reason, ProcessHandle.current().pid());
                    Thread halter = new Thread(() -> {
                        sleep(1_000);
                        Runtime.getRuntime().halt(EXIT_PARENT_DIED);
                    }, "jipc-parent-watch-halt");
                    halter.setDaemon(true);
                    halter.start();
                    System.exit(EXIT_PARENT_DIED);
                    return;
                }
                sleep(PERIOD_MS);
            }
        }, "jipc-parent-watch");
        thread.setDaemon(true);
        thread.start();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The logger, made on first use: starting SLF4J costs a child JVM tens of milliseconds on its way to ready. */
    private static final class Log {
        static final Logger LOG = LoggerFactory.getLogger(ParentWatch.class);
    }
}
