package io.jipc.manager;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * A user interface a manager serves, and how it makes an object of it: a factory in this JVM, or an implementation
 * class with a public no-argument constructor (what a manager in its own JVM gets, by name).
 *
 * @param type           the interface clients ask for
 * @param factory        makes a new object
 * @param implementation the implementation class's name when registered by class, else null
 */
record Registration(Class<?> type, Supplier<?> factory, String implementation) {

    Registration {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(factory, "factory");
        if (!type.isInterface()) {
            throw new IllegalArgumentException(type.getName() + " is not an interface: a manager serves objects as"
                + " interfaces, so clients can have proxies of them");
        }
        if (!java.lang.reflect.Modifier.isPublic(type.getModifiers())) {
            throw new IllegalArgumentException(type.getName() + " is not public: the manager calls its methods from"
                + " its own package");
        }
    }

    /** @return a registration that makes objects with {@code implementation}'s public no-argument constructor */
    static Registration of(Class<?> type, Class<?> implementation) {
        if (!type.isAssignableFrom(implementation)) {
            throw new IllegalArgumentException(implementation.getName() + " does not implement " + type.getName());
        }
        Constructor<?> constructor;
        try {
            constructor = implementation.getConstructor();
        } catch (NoSuchMethodException e) {
            throw new IllegalArgumentException(implementation.getName() + " has no public no-argument constructor", e);
        }
        return new Registration(type, () -> {
            try {
                return constructor.newInstance();
            } catch (InvocationTargetException e) {
                throw new IllegalStateException("the constructor of " + implementation.getName() + " threw "
                    + e.getCause(), e.getCause());
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("cannot make a " + implementation.getName() + ": " + e, e);
            }
        }, implementation.getName());
    }

    /**
     * @return a registration read from {@code interface=implementation}, both class names (a manager's command line)
     * @throws IllegalArgumentException naming what is wrong
     */
    static Registration parse(String text, ClassLoader loader) {
        int eq = text.indexOf('=');
        if (eq <= 0 || eq == text.length() - 1) {
            throw new IllegalArgumentException("expected interface=implementation, got '" + text + "'");
        }
        try {
            return of(Class.forName(text.substring(0, eq), false, loader), Class.forName(text.substring(eq + 1), false, loader));
        } catch (ClassNotFoundException e) {
            throw new IllegalArgumentException("no class " + e.getMessage() + " on the manager's class path", e);
        }
    }
}
