package io.jipc.manager;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The methods of a user interface, numbered the same way in every JVM: sorted by name, parameter types and return
 * type. A CALL names a method by its number; OPEN carries a hash of the signatures, so a client and a manager whose
 * copies of the interface differ find out at once instead of calling the wrong method.
 */
final class MethodTable {

    private static final ClassValue<MethodTable> TABLES = new ClassValue<>() {
        @Override
        protected MethodTable computeValue(Class<?> type) {
            return new MethodTable(type);
        }
    };

    private final Method[] methods;
    private final Map<Method, Integer> numbers = new HashMap<>();
    private final long hash;

    private MethodTable(Class<?> type) {
        if (!type.isInterface()) {
            throw new IllegalArgumentException(type.getName() + " is not an interface");
        }
        TreeMap<String, List<Method>> bySignature = new TreeMap<>();
        for (Method m : type.getMethods()) {
            if (!Modifier.isStatic(m.getModifiers())) {
                bySignature.computeIfAbsent(signature(m), k -> new ArrayList<>()).add(m);
            }
        }
        methods = new Method[bySignature.size()];
        long h = 0xcbf29ce484222325L; // FNV-1a
        int i = 0;
        for (Map.Entry<String, List<Method>> e : bySignature.entrySet()) {
            methods[i] = e.getValue().get(0);
            for (Method m : e.getValue()) {
                numbers.put(m, i);
            }
            for (byte b : e.getKey().getBytes(StandardCharsets.UTF_8)) {
                h = (h ^ (b & 0xff)) * 0x100000001b3L;
            }
            i++;
        }
        hash = h;
    }

    /** @return the table of {@code type}, an interface */
    static MethodTable of(Class<?> type) {
        return TABLES.get(type);
    }

    private static String signature(Method m) {
        StringBuilder s = new StringBuilder(m.getName()).append('(');
        for (Class<?> p : m.getParameterTypes()) {
            s.append(p.getName()).append(';');
        }
        return s.append(')').append(m.getReturnType().getName()).toString();
    }

    /** @return the number of {@code method}, or -1 when it is not one of the interface's */
    int number(Method method) {
        Integer n = numbers.get(method);
        return n == null ? -1 : n;
    }

    /** @return the method numbered {@code n}, or null */
    Method method(int n) {
        return n >= 0 && n < methods.length ? methods[n] : null;
    }

    /** @return a hash of every signature, in order */
    long hash() {
        return hash;
    }
}
