package io.jipc.manager;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;

/**
 * A user object in the manager: an instance of the implementation registered for an interface, called by method
 * number. One call at a time, under the object's lock, unless the implementation is {@link Concurrent}.
 */
final class ServedObject extends Served {

    private final Class<?> type;
    private final Object instance;
    private final MethodTable methods;
    private final boolean concurrent;

    ServedObject(int handle, String name, Class<?> type, Object instance) {
        super(handle, name, Kind.OBJECT);
        this.type = type;
        this.instance = instance;
        this.methods = MethodTable.of(type);
        this.concurrent = instance.getClass().isAnnotationPresent(Concurrent.class);
    }

    /** @return the interface it is served as */
    Class<?> type() {
        return type;
    }

    /** @return the hash of its interface's methods, as this manager sees them */
    long methodsHash() {
        return methods.hash();
    }

    @Override
    String describe() {
        return type.getSimpleName() + " '" + name + "'";
    }

    @Override
    String describe(Op op, int method) {
        Method m = methods.method(method);
        return (m == null ? "a call" : m.getName()) + " on " + describe();
    }

    @Override
    void call(Request r, Reply reply) throws Exception {
        if (r.op() != Op.INVOKE) {
            throw Refusal.failed(r.op() + " is not an operation of an object");
        }
        Method method = methods.method(r.method());
        if (method == null) {
            throw Refusal.failed(describe() + " has no method number " + r.method());
        }
        int n = method.getParameterCount();
        if (r.count() != n) {
            throw Refusal.failed(method.getName() + " of " + describe() + " takes " + n + " arguments, got " + r.count());
        }
        Object[] args = new Object[n];
        for (int i = 0; i < n; i++) {
            args[i] = r.arg(i);
        }
        Object result;
        try {
            if (concurrent) {
                result = method.invoke(instance, args);
            } else {
                synchronized (this) {
                    result = method.invoke(instance, args);
                }
            }
        } catch (InvocationTargetException e) {
            Throwable cause = e.getCause();
            if (cause instanceof Exception ex) {
                throw ex;
            }
            if (cause instanceof Error err) {
                throw err;
            }
            throw e;
        } catch (IllegalArgumentException e) {
            throw Refusal.failed(method.getName() + " of " + describe() + " refused its arguments: " + e.getMessage());
        } catch (IllegalAccessException e) {
            throw Refusal.failed(describe() + " cannot be called from the manager (make " + type.getName()
                + " public): " + e.getMessage());
        }
        reply.value(result);
    }
}
