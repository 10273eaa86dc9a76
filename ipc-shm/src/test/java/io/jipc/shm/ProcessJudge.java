package io.jipc.shm;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

import io.jipc.Channel;
import io.jipc.Ipc;
import io.jipc.IpcTimeoutException;
import io.jipc.internal.ProcessIdentity;
import io.jipc.sync.IpcLock;
import io.jipc.sync.IpcSemaphore;

/**
 * A child that judges its parent, started where its view of time may differ from its parent's (after a wall-clock
 * step, in another time namespace). Arguments: {@code <parent pid> <server uri> <lock the parent holds> <semaphore
 * the parent drained> <lock to hold>}. It connects to the parent's server and sends one report, {@code key=value}
 * lines: how it sees its parent (JDK start instant, jipc token), itself, and whether it could take the parent's lock
 * or permit. Then it holds the other lock and echoes until the parent sends {@link #BYE}, and exits 0; any failure,
 * the parent's channel called gone included, exits 2. A daemon child: one that judged its parent dead would exit 143.
 */
public final class ProcessJudge {

    /** The parent's last message. */
    static final String BYE = "bye";
    private static final Duration TRY_FOR = Duration.ofMillis(300);

    private ProcessJudge() {
    }

    public static void main(String[] args) {
        long parentPid = Long.parseLong(args[0]);
        try (Channel parent = Ipc.connect(args[1], Duration.ofSeconds(20));
             IpcLock parentsLock = IpcLock.open(args[2]);
             IpcSemaphore parentsPermits = IpcSemaphore.open(args[3], 1);
             IpcLock mine = IpcLock.open(args[4])) {
            mine.lock();
            Map<String, String> report = new LinkedHashMap<>();
            report.put("parentStartMillis", ProcessHandle.of(parentPid).flatMap(p -> p.info().startInstant())
                .map(Instant::toEpochMilli).map(String::valueOf).orElse("gone"));
            report.put("parentToken", Long.toString(ProcessIdentity.of(parentPid).token()));
            report.put("selfToken", Long.toString(ProcessIdentity.current().token()));
            report.put("tryLock", Boolean.toString(tryLock(parentsLock)));
            report.put("lock", takeLock(parentsLock));
            report.put("tryAcquire", Boolean.toString(tryAcquire(parentsPermits)));
            report.put("acquire", takePermit(parentsPermits));
            parent.send(report.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining("\n")).getBytes(StandardCharsets.UTF_8));
            while (true) {
                byte[] message = parent.receive(Duration.ofSeconds(30));
                if (BYE.equals(new String(message, StandardCharsets.UTF_8))) {
                    break;
                }
                parent.send(message);
            }
            mine.unlock();
        } catch (RuntimeException e) {
            e.printStackTrace();
            System.exit(2);
        }
    }

    private static boolean tryLock(IpcLock lock) {
        boolean taken = lock.tryLock();
        if (taken) {
            lock.unlock();
        }
        return taken;
    }

    private static boolean tryAcquire(IpcSemaphore semaphore) {
        IpcSemaphore.Permit permit = semaphore.tryAcquire(1);
        if (permit != null) {
            permit.close();
        }
        return permit != null;
    }

    private static String takeLock(IpcLock lock) {
        try (IpcLock.Held held = lock.acquire(TRY_FOR)) {
            return "taken" + (held.previousOwnerDied() ? " from a holder called dead" : "");
        } catch (IpcTimeoutException e) {
            return "timed out";
        }
    }

    private static String takePermit(IpcSemaphore semaphore) {
        try {
            semaphore.acquire(TRY_FOR).close();
            return "acquired";
        } catch (IpcTimeoutException e) {
            return "timed out";
        }
    }
}
