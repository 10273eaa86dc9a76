package io.jipc.testkit;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import io.jipc.internal.ProcessIdentity;

/**
 * Fails a cross-process test that leaves something behind: a process it started (any descendant of this JVM that
 * was not there before the test) or a {@code jipc-} thread it started. Leftovers get a few seconds to go (a child
 * reaped, an event loop shut down), then the test fails naming them, and they are killed so the next test starts
 * clean. Use with {@code @ExtendWith(NoLeaks.class)} on every class whose tests start processes.
 * <p>
 * Threads that jipc keeps on purpose across tests are not leaks: a shared executor that ends itself when idle
 * ({@code jipc-shm-unmapper}, {@code jipc-shm-heartbeat}) and JDK threads.
 */
public final class NoLeaks implements BeforeEachCallback, AfterEachCallback {

    /** How long leftovers get to go before the test fails. */
    public static final Duration GRACE = Duration.ofSeconds(10);

    private static final Set<String> KEPT_THREADS = Set.of("jipc-shm-unmapper", "jipc-shm-heartbeat");
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(NoLeaks.class);

    private record Before(Set<Long> processes, Set<Long> threads) {
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        context.getStore(NAMESPACE).put(context.getUniqueId(), new Before(descendants(), jipcThreads()
            .stream().map(Thread::getId).collect(Collectors.toSet())));
    }

    @Override
    public void afterEach(ExtensionContext context) {
        Before before = context.getStore(NAMESPACE).remove(context.getUniqueId(), Before.class);
        if (before == null) {
            return;
        }
        try {
            Awaitility.await().atMost(GRACE).pollInterval(Duration.ofMillis(50))
                .until(() -> newProcesses(before).isEmpty() && newThreads(before).isEmpty());
        } catch (ConditionTimeoutException e) {
            List<ProcessHandle> processes = newProcesses(before);
            List<Thread> threads = newThreads(before);
            processes.forEach(ProcessHandle::destroyForcibly);
            throw new AssertionError(context.getDisplayName() + " left behind "
                + (processes.isEmpty() ? "" : "processes " + processes.stream().map(p -> p.pid() + " " + p.info().command()
                    .orElse("?")).collect(Collectors.toList()) + " (killed now)")
                + (processes.isEmpty() || threads.isEmpty() ? "" : " and ")
                + (threads.isEmpty() ? "" : "threads " + threads.stream().map(Thread::getName).collect(Collectors.toList())));
        }
    }

    private static List<ProcessHandle> newProcesses(Before before) {
        return ProcessHandle.current().descendants()
            .filter(p -> !before.processes().contains(p.pid()) && p.isAlive() && !ProcessIdentity.isZombie(p.pid()))
            .collect(Collectors.toList());
    }

    private static List<Thread> newThreads(Before before) {
        return jipcThreads().stream().filter(t -> !before.threads().contains(t.getId())).collect(Collectors.toList());
    }

    private static Set<Long> descendants() {
        return ProcessHandle.current().descendants().map(ProcessHandle::pid).collect(Collectors.toCollection(HashSet::new));
    }

    private static List<Thread> jipcThreads() {
        return Thread.getAllStackTraces().keySet().stream()
            .filter(t -> t.isAlive() && t.getName().startsWith("jipc-") && !KEPT_THREADS.contains(t.getName()))
            .collect(Collectors.toList());
    }
}
