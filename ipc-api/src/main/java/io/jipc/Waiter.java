package io.jipc;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.locks.LockSupport;

import org.agrona.concurrent.IdleStrategy;

import io.jipc.spi.AbstractChannel;
import io.jipc.spi.Deadlines;

/** {@link Ipc#wait}: registers wake-ups where objects offer them, polls the rest. */
final class Waiter {

    /** Longest park when every object wakes the waiter itself: bounds a wake-up lost to a race. */
    private static final long EVENT_PARK_NANOS = 50_000_000L;

    private Waiter() {
    }

    static <T extends Waitable> List<T> await(Collection<? extends T> objects, Duration timeout) {
        if (objects.isEmpty()) {
            throw new IllegalArgumentException("nothing to wait on");
        }
        List<T> ready = Ipc.ready(objects);
        if (!ready.isEmpty()) {
            return ready;
        }
        long deadline = Deadlines.of(timeout);
        Thread waiter = Thread.currentThread();
        Runnable wakeUp = () -> LockSupport.unpark(waiter);
        List<Waitable.Registration> registrations = new ArrayList<>(objects.size());
        boolean polled = false;
        try {
            for (T object : objects) {
                Waitable.Registration registration = object.onReady(wakeUp);
                if (registration == null) {
                    polled = true;
                } else {
                    registrations.add(registration);
                }
            }
            IdleStrategy idle = AbstractChannel.defaultIdleStrategy();
            while (true) {
                ready = Ipc.ready(objects);
                if (!ready.isEmpty()) {
                    return ready;
                }
                if (Thread.interrupted()) {
                    throw IpcInterruptedException.interrupted(null, "any of " + objects.size() + " objects to become ready");
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new IpcTimeoutException(null, "none of " + objects.size() + " objects became ready within " + timeout);
                }
                if (polled) {
                    idle.idle();
                } else {
                    LockSupport.parkNanos(Math.min(left, EVENT_PARK_NANOS));
                }
            }
        } finally {
            registrations.forEach(Waitable.Registration::cancel);
        }
    }
}
