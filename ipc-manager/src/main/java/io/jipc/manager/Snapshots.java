package io.jipc.manager;

import java.util.AbstractList;
import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.ListIterator;
import java.util.Map;
import java.util.RandomAccess;
import java.util.Set;
import java.util.function.Function;

/**
 * Read-only views of a snapshot (a key set, an entry set, an iterator, a sub-list): every change through them throws
 * {@link UnsupportedOperationException} saying that they are copies of one moment, and how to change the object
 * itself, rather than silently changing a copy (or failing without a word, as the JDK's unmodifiable views do).
 */
final class Snapshots {

    private Snapshots() {
    }

    /** @return the exception for a change through a snapshot of {@code target} */
    static UnsupportedOperationException readOnly(Target target) {
        return new UnsupportedOperationException("this is a snapshot of " + target.describe()
            + " taken in one request, not a view of it: change the " + target.kind() + " through its proxy");
    }

    /** @return {@code elements} (not copied) as a read-only list whose changes throw naming {@code target} */
    static <E> List<E> list(List<E> elements, Target target) {
        return new ReadOnlyList<>(elements, target);
    }

    /** @return a read-only set of {@code elements}, in their order */
    static <E> Set<E> set(Collection<E> elements, Target target) {
        return new ReadOnlySet<>(new LinkedHashSet<>(elements), Function.identity(), target);
    }

    /** @return the entries of {@code map} (not copied) as a read-only set; {@code setValue} throws too */
    static <K, V> Set<Map.Entry<K, V>> entries(Map<K, V> map, Target target) {
        return new ReadOnlySet<>(map.entrySet(), e -> new ReadOnlyEntry<>(e, target), target);
    }

    private static final class ReadOnlyList<E> extends AbstractList<E> implements RandomAccess {
        private final List<E> elements;
        private final Target target;

        ReadOnlyList(List<E> elements, Target target) {
            this.elements = elements;
            this.target = target;
        }

        @Override
        public E get(int index) {
            return elements.get(index);
        }

        @Override
        public int size() {
            return elements.size();
        }

        @Override
        public E set(int index, E element) {
            throw readOnly(target);
        }

        @Override
        public void add(int index, E element) {
            throw readOnly(target);
        }

        @Override
        public E remove(int index) {
            throw readOnly(target);
        }

        @Override
        public Iterator<E> iterator() {
            return listIterator(0);
        }

        @Override
        public ListIterator<E> listIterator(int index) {
            ListIterator<E> it = elements.listIterator(index);
            return new ListIterator<>() {
                @Override
                public boolean hasNext() {
                    return it.hasNext();
                }

                @Override
                public E next() {
                    return it.next();
                }

                @Override
                public boolean hasPrevious() {
                    return it.hasPrevious();
                }

                @Override
                public E previous() {
                    return it.previous();
                }

                @Override
                public int nextIndex() {
                    return it.nextIndex();
                }

                @Override
                public int previousIndex() {
                    return it.previousIndex();
                }

                @Override
                public void remove() {
                    throw readOnly(target);
                }

                @Override
                public void set(E e) {
                    throw readOnly(target);
                }

                @Override
                public void add(E e) {
                    throw readOnly(target);
                }
            };
        }
    }

    private static final class ReadOnlySet<T, E> extends AbstractSet<E> {
        private final Set<T> elements;
        private final Function<T, E> view;
        private final Target target;

        ReadOnlySet(Set<T> elements, Function<T, E> view, Target target) {
            this.elements = elements;
            this.view = view;
            this.target = target;
        }

        @Override
        public Iterator<E> iterator() {
            Iterator<T> it = elements.iterator();
            return new Iterator<>() {
                @Override
                public boolean hasNext() {
                    return it.hasNext();
                }

                @Override
                public E next() {
                    return view.apply(it.next());
                }

                @Override
                public void remove() {
                    throw readOnly(target);
                }
            };
        }

        @Override
        public int size() {
            return elements.size();
        }

        @Override
        public boolean contains(Object o) {
            return elements.contains(o);
        }

        @Override
        public boolean add(E e) {
            throw readOnly(target);
        }

        @Override
        public boolean remove(Object o) {
            throw readOnly(target);
        }

        @Override
        public boolean removeAll(Collection<?> c) {
            throw readOnly(target);
        }

        @Override
        public boolean retainAll(Collection<?> c) {
            throw readOnly(target);
        }

        @Override
        public void clear() {
            throw readOnly(target);
        }
    }

    private static final class ReadOnlyEntry<K, V> extends AbstractMap.SimpleImmutableEntry<K, V> {
        private static final long serialVersionUID = 1L;
        private final transient Target target;

        ReadOnlyEntry(Map.Entry<K, V> entry, Target target) {
            super(entry);
            this.target = target;
        }

        @Override
        public V setValue(V value) {
            throw readOnly(target);
        }
    }
}
