package io.jipc.manager;

/**
 * An object in a manager as a proxy knows it.
 *
 * @param handle  its number in the manager
 * @param kind    its kind
 * @param name    its name
 * @param methods for a user object, its interface's methods; else null
 * @param type    for a user object, its interface; else null
 */
record Target(int handle, Kind kind, String name, MethodTable methods, Class<?> type) {

    /** @return how a call on it is named in messages, e.g. "put on map 'counts'" */
    String describe(Op op, int method) {
        if (methods != null) {
            java.lang.reflect.Method m = methods.method(method);
            return (m == null ? "a method" : m.getName()) + " on " + describe();
        }
        return op + " on " + describe();
    }

    /** @return "map 'counts'", "Account 'bank'" */
    String describe() {
        return (type != null ? type.getSimpleName() : kind.toString()) + " '" + name + "'";
    }
}
