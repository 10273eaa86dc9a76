package io.jipc.manager;

import java.time.Duration;
import java.util.AbstractList;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.ListIterator;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;

/** A {@link SharedList}: each call is one request to the manager; bulk functions run here against a versioned snapshot. */
final class ListProxy<E> extends AbstractList<E> implements SharedList<E> {

    private final Client client;
    private final Target target;

    ListProxy(Client client, Target target) {
        this.client = client;
        this.target = target;
    }

    private Object call(Op op, Object... args) {
        return client.call(target, op, 0, Duration.ZERO, args);
    }

    @SuppressWarnings("unchecked")
    private E element(Op op, Object... args) {
        return (E) call(op, args);
    }

    @Override
    public String name() {
        return target.name();
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
    public E get(int index) {
        return element(Op.GET_AT, index);
    }

    @Override
    public E set(int index, E element) {
        return element(Op.SET_AT, index, element);
    }

    @Override
    public boolean add(E element) {
        return (Boolean) call(Op.ADD, element);
    }

    @Override
    public void add(int index, E element) {
        call(Op.ADD_AT, index, element);
    }

    @Override
    public E remove(int index) {
        return element(Op.REMOVE_AT, index);
    }

    @Override
    public boolean remove(Object element) {
        return (Boolean) call(Op.REMOVE_ELEMENT, element);
    }

    @Override
    public int indexOf(Object element) {
        return (Integer) call(Op.INDEX_OF, element);
    }

    @Override
    public int lastIndexOf(Object element) {
        return (Integer) call(Op.LAST_INDEX_OF, element);
    }

    @Override
    public boolean contains(Object element) {
        return (Boolean) call(Op.CONTAINS, element);
    }

    @Override
    public boolean containsAll(Collection<?> elements) {
        return (Boolean) call(Op.CONTAINS_ALL, elements.toArray());
    }

    @Override
    public void clear() {
        call(Op.CLEAR);
    }

    @Override
    public boolean addAll(Collection<? extends E> elements) {
        return (Boolean) call(Op.ADD_ALL, elements.toArray());
    }

    @Override
    public boolean addAll(int index, Collection<? extends E> elements) {
        Object[] args = new Object[elements.size() + 1];
        args[0] = index;
        System.arraycopy(elements.toArray(), 0, args, 1, elements.size());
        return (Boolean) call(Op.ADD_ALL_AT, args);
    }

    @Override
    public boolean removeAll(Collection<?> elements) {
        return (Boolean) call(Op.REMOVE_ALL, elements.toArray());
    }

    @Override
    public boolean retainAll(Collection<?> elements) {
        return (Boolean) call(Op.RETAIN_ALL, elements.toArray());
    }

    // snapshots

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
    public ListIterator<E> listIterator(int index) {
        return Snapshots.list(snapshot(), target).listIterator(index);
    }

    @Override
    public List<E> subList(int from, int to) {
        return Snapshots.list(snapshot(), target).subList(from, to);
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
    public void forEach(Consumer<? super E> action) {
        snapshot().forEach(action);
    }

    @Override
    public boolean equals(Object other) {
        return other == this || other instanceof List<?> && snapshot().equals(other);
    }

    @Override
    public int hashCode() {
        return snapshot().hashCode();
    }

    @Override
    public String toString() {
        return snapshot().toString();
    }

    // bulk functions: run here on a versioned snapshot, applied only if nobody changed the list since

    @Override
    public boolean removeIf(Predicate<? super E> filter) {
        Objects.requireNonNull(filter, "filter");
        boolean[] removed = new boolean[1];
        update(list -> removed[0] = list.removeIf(filter));
        return removed[0];
    }

    @Override
    public void replaceAll(UnaryOperator<E> operator) {
        Objects.requireNonNull(operator, "operator");
        update(list -> list.replaceAll(operator));
    }

    @Override
    public void sort(Comparator<? super E> comparator) {
        update(list -> list.sort(comparator));
    }

    @SuppressWarnings("unchecked")
    private void update(Consumer<List<E>> change) {
        while (true) {
            List<Object> versioned = (List<Object>) call(Op.VERSIONED_SNAPSHOT);
            long version = (Long) versioned.get(0);
            List<E> list = new ArrayList<>((List<E>) (List<?>) versioned.subList(1, versioned.size()));
            change.accept(list);
            Object[] args = new Object[list.size() + 1];
            args[0] = version;
            for (int i = 0; i < list.size(); i++) {
                args[i + 1] = list.get(i);
            }
            if ((Boolean) call(Op.REPLACE_IF_VERSION, args)) {
                return;
            }
        }
    }
}
