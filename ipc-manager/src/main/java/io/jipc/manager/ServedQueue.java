package io.jipc.manager;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A blocking queue in the manager, optionally bounded. A call that waits (a {@code take}, a {@code put} into a full
 * queue) waits here, in slices of {@link #SLICE}, and gives up when its client leaves, so a client killed while it
 * waits takes nothing with it. Elements handed to a client stay its until it acknowledges them; if its channel ends
 * first, they go back to the head of the queue in their order ({@link #giveBack}), even past the capacity.
 */
final class ServedQueue extends Served {

    /** How often a waiting call checks that its client is still there. */
    static final long SLICE = TimeUnit.MILLISECONDS.toNanos(50);
    /** A wait argument meaning "until it happens". */
    static final long FOREVER = -1;

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition notEmpty = lock.newCondition();
    private final Condition notFull = lock.newCondition();
    private final ArrayDeque<Object> elements = new ArrayDeque<>();
    final int capacity;
    /** Calls waiting now for an element (for tests and diagnostics). */
    private volatile int takers;

    ServedQueue(int handle, String name, int capacity) {
        super(handle, name, Kind.QUEUE);
        this.capacity = capacity <= 0 ? Integer.MAX_VALUE : capacity;
    }

    @Override
    void call(Request r, Reply reply) throws InterruptedException {
        switch (r.op()) {
            case OFFER -> {
                Object element = r.arg(0);
                reply.value(offer(element, waitNanos(r.longArg(1)), r));
            }
            case POLL -> {
                Object element = poll(waitNanos(r.longArg(0)), r);
                if (element == null) {
                    reply.value(null);
                } else {
                    List<Object> taken = new ArrayList<>(1);
                    taken.add(element);
                    reply.taken(taken, this);
                }
            }
            case DRAIN -> {
                int max = r.intArg(0);
                List<Object> taken = new ArrayList<>();
                lock.lock();
                try {
                    while (taken.size() < max && !elements.isEmpty()) {
                        taken.add(elements.pollFirst());
                    }
                    notFull.signalAll();
                } finally {
                    lock.unlock();
                }
                if (taken.isEmpty()) {
                    reply.values(taken);
                } else {
                    reply.taken(taken, this);
                }
            }
            default -> other(r, reply);
        }
    }

    private void other(Request r, Reply reply) {
        Object argument = r.op() == Op.CONTAINS || r.op() == Op.REMOVE_ELEMENT ? r.arg(0) : null;
        Object answer;
        Object[] snapshot = null;
        lock.lock();
        try {
            switch (r.op()) {
                case SIZE -> answer = elements.size();
                case PEEK -> answer = elements.peekFirst();
                case REMAINING_CAPACITY -> answer = capacity - elements.size();
                case CONTAINS -> answer = elements.contains(argument);
                case REMOVE_ELEMENT -> {
                    answer = elements.removeFirstOccurrence(argument);
                    notFull.signalAll();
                }
                case CLEAR -> {
                    elements.clear();
                    notFull.signalAll();
                    answer = null;
                }
                case SNAPSHOT -> {
                    snapshot = elements.toArray();
                    answer = null;
                }
                default -> throw Refusal.failed(r.op() + " is not an operation of a queue");
            }
        } finally {
            lock.unlock();
        }
        if (snapshot != null) {
            reply.values(snapshot);
        } else {
            reply.value(answer);
        }
    }

    private static long waitNanos(long millis) {
        return millis < 0 ? FOREVER : TimeUnit.MILLISECONDS.toNanos(millis);
    }

    /** @return true when {@code element} went in before the wait ran out (or the client left) */
    private boolean offer(Object element, long waitNanos, Request r) throws InterruptedException {
        long deadline = System.nanoTime() + waitNanos;
        lock.lockInterruptibly();
        try {
            while (elements.size() >= capacity) {
                long left = waitNanos == FOREVER ? SLICE : deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                notFull.awaitNanos(Math.min(left, SLICE));
                if (elements.size() >= capacity && r.abandoned()) {
                    return false;
                }
            }
            elements.addLast(element);
            notEmpty.signal();
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** @return the head, or null when the wait ran out (or the client left) first */
    private Object poll(long waitNanos, Request r) throws InterruptedException {
        long deadline = System.nanoTime() + waitNanos;
        lock.lockInterruptibly();
        takers++;
        try {
            while (elements.isEmpty()) {
                long left = waitNanos == FOREVER ? SLICE : deadline - System.nanoTime();
                if (left <= 0) {
                    return null;
                }
                notEmpty.awaitNanos(Math.min(left, SLICE));
                if (elements.isEmpty() && r.abandoned()) {
                    return null;
                }
            }
            Object head = elements.pollFirst();
            notFull.signal();
            return head;
        } finally {
            takers--;
            lock.unlock();
        }
    }

    /** @return how many calls wait for an element now */
    int takers() {
        return takers;
    }

    /** Puts elements a client never acknowledged back at the head, in their order. */
    void giveBack(List<Object> taken) {
        lock.lock();
        try {
            for (int i = taken.size() - 1; i >= 0; i--) {
                elements.addFirst(taken.get(i));
            }
            notEmpty.signalAll();
        } finally {
            lock.unlock();
        }
    }
}
