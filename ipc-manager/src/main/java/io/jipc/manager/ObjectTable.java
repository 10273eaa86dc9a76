package io.jipc.manager;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The objects a manager serves, by name (for OPEN) and by handle (for every CALL: a lock-free array read).
 * Handles are never reused: a call through the handle of a removed object is refused, naming it. Thread-safe.
 */
final class ObjectTable {

    private final Map<String, Served> byName = new HashMap<>();
    private final Map<Integer, String> removed = new HashMap<>();
    private final Map<String, Registration> registrations;
    private volatile Served[] byHandle = new Served[16];
    private int next;

    /** @param registrations the user interfaces served, by interface name */
    ObjectTable(Map<String, Registration> registrations) {
        this.registrations = registrations;
    }

    /**
     * Finds the object named {@code name}, or makes it.
     *
     * @param capacity  a queue's bound, 0 for none
     * @param type      a user object's interface name, else null
     * @param hash      its methods' hash, as the client sees them
     * @throws Refusal when the name holds another kind, or the interface is not served or differs
     */
    synchronized Served open(Kind kind, String name, int capacity, String type, long hash) {
        Served served = byName.get(name);
        if (served == null) {
            served = make(kind, name, capacity, type);
            byName.put(name, served);
            if (served.handle == byHandle.length) {
                byHandle = Arrays.copyOf(byHandle, byHandle.length * 2);
            }
            Served[] table = byHandle;
            table[served.handle] = served;
            byHandle = table; // publishes the new entry
        }
        if (served.kind != kind) {
            throw Refusal.failed("'" + name + "' is a " + served.kind + ", not a " + kind);
        }
        if (served instanceof ServedQueue queue && capacity > 0 && queue.capacity != capacity) {
            throw Refusal.failed(served.describe() + " exists with capacity "
                + (queue.capacity == Integer.MAX_VALUE ? "unbounded" : queue.capacity) + ", not " + capacity);
        }
        if (served instanceof ServedObject object) {
            if (!object.type().getName().equals(type)) {
                throw Refusal.failed("'" + name + "' is a " + object.type().getName() + ", not a " + type);
            }
            if (object.methodsHash() != hash) {
                throw Refusal.failed(type + " differs between this client and the manager (another version of the"
                    + " interface on one class path?)");
            }
        }
        return served;
    }

    private Served make(Kind kind, String name, int capacity, String type) {
        int handle = next;
        Served served = switch (kind) {
            case MAP, NAMESPACE -> new ServedMap(handle, name, kind);
            case LIST -> new ServedList(handle, name);
            case QUEUE -> new ServedQueue(handle, name, capacity);
            case OBJECT -> {
                Registration registration = registrations.get(type);
                if (registration == null) {
                    throw Refusal.failed("the manager serves no " + type + " (register it: Manager.builder()"
                        + ".register(" + simpleName(type) + ".class, ...)); it serves " + registrations.keySet());
                }
                Object instance;
                try {
                    instance = registration.factory().get();
                } catch (RuntimeException | Error e) {
                    throw Refusal.failed("cannot make " + type + " '" + name + "': " + e);
                }
                if (!registration.type().isInstance(instance)) {
                    throw Refusal.failed("the factory of " + type + " made a "
                        + (instance == null ? "null" : instance.getClass().getName()));
                }
                yield new ServedObject(handle, name, registration.type(), instance);
            }
        };
        next++;
        return served;
    }

    private static String simpleName(String type) {
        return type.substring(type.lastIndexOf('.') + 1).replace('$', '.');
    }

    /**
     * @return the object of {@code handle}
     * @throws Refusal when there is none, or it was removed
     */
    Served get(int handle) {
        Served[] table = byHandle;
        Served served = handle >= 0 && handle < table.length ? table[handle] : null;
        if (served != null) {
            return served;
        }
        String name;
        synchronized (this) {
            name = removed.get(handle);
        }
        throw Refusal.failed(name != null ? "'" + name + "' was removed from the manager" : "no object has handle " + handle);
    }

    /** Removes the object named {@code name}. @return true when there was one */
    synchronized boolean remove(String name) {
        Served served = byName.remove(name);
        if (served == null) {
            return false;
        }
        removed.put(served.handle, name);
        Served[] table = byHandle;
        table[served.handle] = null;
        byHandle = table;
        return true;
    }

    /** @return the names of the objects served, sorted */
    synchronized List<String> names() {
        List<String> names = new ArrayList<>(byName.keySet());
        names.sort(null);
        return names;
    }
}
