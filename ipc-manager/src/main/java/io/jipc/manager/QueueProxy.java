package io.jipc.manager;

import java.time.Duration;
import java.util.AbstractQueue;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import io.jipc.IpcInterruptedException;

/**
 * A {@link SharedQueue}: waits happen in the manager, the element (or the room) comes back with the answer; elements
 * taken are acknowledged as they arrive.
 */
final class QueueProxy<E> extends AbstractQueue<E> implements SharedQueue<E> {

    private static final long NO_WAIT = 0;
    private static final long FOREVER = -1;

    private final Client client;
    private final Target target;

    QueueProxy(Client client, Target target) {
        this.client = client;
        this.target = target;
    }

    private Object call(Op op, Object... args) {
        return client.call(target, op, 0, Duration.ZERO, args);
    }

    @Override
    public String name() {
        return target.name();
    }

    @Override
    public boolean offer(E element) {
        return (Boolean) call(Op.OFFER, Objects.requireNonNull(element, "element"), NO_WAIT);
    }

    @Override
    public boolean offer(E element, long timeout, TimeUnit unit) throws InterruptedException {
        Objects.requireNonNull(element, "element");
        long millis = Math.max(0, unit.toMillis(timeout));
        try {
            return (Boolean) client.call(target, Op.OFFER, 0, Duration.ofMillis(millis), element, millis);
        } catch (IpcInterruptedException e) {
            throw interrupted(e);
        }
    }

    @Override
    public void put(E element) throws InterruptedException {
        Objects.requireNonNull(element, "element");
        try {
            while (!(Boolean) client.call(target, Op.OFFER, 0, null, element, FOREVER)) {
                // the manager stopped waiting without room (it is stopping): ask again, and learn it is gone
            }
        } catch (IpcInterruptedException e) {
            throw interrupted(e);
        }
    }

    @Override
    public E poll() {
        return first(call(Op.POLL, NO_WAIT));
    }

    @Override
    public E poll(long timeout, TimeUnit unit) throws InterruptedException {
        long millis = Math.max(0, unit.toMillis(timeout));
        try {
            return first(client.call(target, Op.POLL, 0, Duration.ofMillis(millis), millis));
        } catch (IpcInterruptedException e) {
            throw interrupted(e);
        }
    }

    @Override
    public E take() throws InterruptedException {
        try {
            while (true) {
                E element = first(client.call(target, Op.POLL, 0, null, FOREVER));
                if (element != null) {
                    return element;
                }
            }
        } catch (IpcInterruptedException e) {
            throw interrupted(e);
        }
    }

    @SuppressWarnings("unchecked")
    private E first(Object answer) {
        return answer instanceof List<?> taken && !taken.isEmpty() ? (E) taken.get(0) : null;
    }

    private static InterruptedException interrupted(IpcInterruptedException e) {
        Thread.interrupted(); // InterruptedException reports the interrupt instead of the status
        InterruptedException interrupted = new InterruptedException(e.getMessage());
        interrupted.initCause(e);
        return interrupted;
    }

    @Override
    @SuppressWarnings("unchecked")
    public E peek() {
        return (E) call(Op.PEEK);
    }

    @Override
    public int size() {
        return (Integer) call(Op.SIZE);
    }

    @Override
    public boolean isEmpty() {
        return size() == 0;
    }

    @Override
    public int remainingCapacity() {
        return (Integer) call(Op.REMAINING_CAPACITY);
    }

    @Override
    public boolean remove(Object element) {
        return element != null && (Boolean) call(Op.REMOVE_ELEMENT, element);
    }

    @Override
    public boolean contains(Object element) {
        return element != null && (Boolean) call(Op.CONTAINS, element);
    }

    @Override
    public void clear() {
        call(Op.CLEAR);
    }

    /** Removes matching elements one request each, over a snapshot: not atomic (see {@link SharedQueue}). */
    @Override
    public boolean removeIf(Predicate<? super E> filter) {
        Objects.requireNonNull(filter, "filter");
        boolean removed = false;
        for (E element : snapshot()) {
            if (filter.test(element)) {
                removed |= remove(element);
            }
        }
        return removed;
    }

    @Override
    public boolean removeAll(Collection<?> elements) {
        Objects.requireNonNull(elements, "elements");
        return removeIf(elements::contains);
    }

    @Override
    public boolean retainAll(Collection<?> elements) {
        Objects.requireNonNull(elements, "elements");
        return removeIf(element -> !elements.contains(element));
    }

    @Override
    public int drainTo(Collection<? super E> sink) {
        return drainTo(sink, Integer.MAX_VALUE);
    }

    @Override
    @SuppressWarnings("unchecked")
    public int drainTo(Collection<? super E> sink, int max) {
        if (sink == this) {
            throw new IllegalArgumentException("a queue cannot drain into itself");
        }
        if (max <= 0) {
            return 0;
        }
        List<E> taken = (List<E>) call(Op.DRAIN, max);
        sink.addAll(taken);
        return taken.size();
    }

    @Override
    @SuppressWarnings("unchecked")
    public List<E> snapshot() {
        return (List<E>) call(Op.SNAPSHOT);
    }

    @Override
    public Iterator<E> iterator() {
        return Snapshots.list(snapshot(), target).iterator();
    }

    @Override
    public java.util.Spliterator<E> spliterator() {
        return snapshot().spliterator();
    }

    @Override
    public Object[] toArray() {
        return snapshot().toArray();
    }

    @Override
    public <T> T[] toArray(T[] array) {
        return snapshot().toArray(array);
    }

    @Override
    public String toString() {
        return snapshot().toString();
    }
}
