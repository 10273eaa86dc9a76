package io.jipc.manager;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.time.Duration;

/**
 * A user object's proxy: every method of its interface is a call in the manager, by number; {@code equals},
 * {@code hashCode} and {@code toString} are the proxy's own.
 */
final class ObjectProxy implements InvocationHandler {

    private static final Object[] NO_ARGS = {};

    private final Client client;
    private final Target target;
    private final Class<?> type;

    private ObjectProxy(Client client, Target target, Class<?> type) {
        this.client = client;
        this.target = target;
        this.type = type;
    }

    /** @return a proxy of {@code type} calling {@code target} */
    static <T> T of(Client client, Target target, Class<T> type) {
        return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type},
            new ObjectProxy(client, target, type)));
    }

    @Override
    public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
        if (method.getDeclaringClass() == Object.class) {
            return switch (method.getName()) {
                case "equals" -> proxy == args[0];
                case "hashCode" -> System.identityHashCode(proxy);
                default -> "proxy of " + type.getSimpleName() + " '" + target.name() + "' at " + client.endpoint;
            };
        }
        int number = target.methods().number(method);
        if (number < 0) {
            throw new IllegalStateException(method + " is not a method of " + type.getName());
        }
        try {
            return client.call(target, Op.INVOKE, number, Duration.ZERO, args == null ? NO_ARGS : args);
        } catch (Client.Declared e) {
            throw e.getCause();
        }
    }
}
