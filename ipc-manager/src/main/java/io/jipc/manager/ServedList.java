package io.jipc.manager;

import java.util.ArrayList;
import java.util.List;

/**
 * A list in the manager: an {@link ArrayList} under the object's lock, with a version that every change moves on,
 * so a client can replace the whole list only if nobody changed it since its snapshot (how {@code removeIf},
 * {@code replaceAll} and {@code sort} stay atomic with a function that runs in the client).
 */
final class ServedList extends Served {

    private final List<Object> list = new ArrayList<>();
    private long version;

    ServedList(int handle, String name) {
        super(handle, name, Kind.LIST);
    }

    @Override
    void call(Request r, Reply reply) {
        switch (r.op()) {
            case SIZE -> {
                int size;
                synchronized (this) {
                    size = list.size();
                }
                reply.value(size);
            }
            case CLEAR -> {
                synchronized (this) {
                    list.clear();
                    version++;
                }
                reply.value(null);
            }
            case SNAPSHOT -> {
                Object[] elements;
                synchronized (this) {
                    elements = list.toArray();
                }
                reply.values(elements);
            }
            case VERSIONED_SNAPSHOT -> {
                Object[] elements;
                synchronized (this) {
                    elements = new Object[list.size() + 1];
                    elements[0] = version;
                    for (int i = 0; i < list.size(); i++) {
                        elements[i + 1] = list.get(i);
                    }
                }
                reply.values(elements);
            }
            case REPLACE_IF_VERSION -> {
                long expected = r.longArg(0);
                List<Object> elements = r.args(1);
                boolean replaced;
                synchronized (this) {
                    replaced = expected == version;
                    if (replaced) {
                        list.clear();
                        list.addAll(elements);
                        version++;
                    }
                }
                reply.value(replaced);
            }
            case CONTAINS -> {
                Object element = r.arg(0);
                boolean found;
                synchronized (this) {
                    found = list.contains(element);
                }
                reply.value(found);
            }
            case CONTAINS_ALL -> {
                List<Object> elements = r.args(0);
                boolean found;
                synchronized (this) {
                    found = list.containsAll(elements);
                }
                reply.value(found);
            }
            case GET_AT -> {
                int index = r.intArg(0);
                Object element;
                synchronized (this) {
                    element = list.get(index);
                }
                reply.value(element);
            }
            case SET_AT -> {
                int index = r.intArg(0);
                Object element = r.arg(1);
                Object previous;
                synchronized (this) {
                    previous = list.set(index, element);
                    version++;
                }
                reply.value(previous);
            }
            case ADD -> {
                Object element = r.arg(0);
                synchronized (this) {
                    list.add(element);
                    version++;
                }
                reply.value(Boolean.TRUE);
            }
            case ADD_AT -> {
                int index = r.intArg(0);
                Object element = r.arg(1);
                synchronized (this) {
                    list.add(index, element);
                    version++;
                }
                reply.value(null);
            }
            case ADD_ALL -> {
                List<Object> elements = r.args(0);
                synchronized (this) {
                    list.addAll(elements);
                    version++;
                }
                reply.value(!elements.isEmpty());
            }
            case ADD_ALL_AT -> {
                int index = r.intArg(0);
                List<Object> elements = r.args(1);
                boolean changed;
                synchronized (this) {
                    changed = list.addAll(index, elements);
                    version++;
                }
                reply.value(changed);
            }
            case REMOVE_AT -> {
                int index = r.intArg(0);
                Object previous;
                synchronized (this) {
                    previous = list.remove(index);
                    version++;
                }
                reply.value(previous);
            }
            case REMOVE_ELEMENT -> {
                Object element = r.arg(0);
                boolean removed;
                synchronized (this) {
                    removed = list.remove(element);
                    version++;
                }
                reply.value(removed);
            }
            case REMOVE_ALL, RETAIN_ALL -> {
                List<Object> elements = r.args(0);
                boolean changed;
                synchronized (this) {
                    changed = r.op() == Op.REMOVE_ALL ? list.removeAll(elements) : list.retainAll(elements);
                    version++;
                }
                reply.value(changed);
            }
            case INDEX_OF, LAST_INDEX_OF -> {
                Object element = r.arg(0);
                int index;
                synchronized (this) {
                    index = r.op() == Op.INDEX_OF ? list.indexOf(element) : list.lastIndexOf(element);
                }
                reply.value(index);
            }
            default -> throw Refusal.failed(r.op() + " is not an operation of a list");
        }
    }
}
