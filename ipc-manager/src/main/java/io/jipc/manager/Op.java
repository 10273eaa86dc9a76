package io.jipc.manager;

/**
 * The operations of a CALL on the built-in kinds, by number, with the names errors use. A user object's calls are
 * {@link #INVOKE} with the method's number in the CALL header.
 */
enum Op {
    // every kind with contents
    SIZE, CLEAR, SNAPSHOT, CONTAINS,
    // maps and namespaces: keys then values
    GET, PUT, REMOVE, CONTAINS_VALUE, GET_OR_DEFAULT, PUT_ALL, KEYS, VALUES, PUT_IF_ABSENT, REMOVE_IF_EQUAL,
    REPLACE, REPLACE_IF_EQUAL, COMPUTE, COMPUTE_IF_ABSENT, COMPUTE_IF_PRESENT, MERGE, REPLACE_ALL,
    // lists
    GET_AT, SET_AT, ADD, ADD_AT, REMOVE_AT, REMOVE_ELEMENT, INDEX_OF, LAST_INDEX_OF, ADD_ALL, ADD_ALL_AT,
    REMOVE_ALL, RETAIN_ALL, CONTAINS_ALL, VERSIONED_SNAPSHOT, REPLACE_IF_VERSION,
    // queues
    OFFER, POLL, PEEK, REMAINING_CAPACITY, DRAIN,
    // user objects
    INVOKE;

    private static final Op[] ALL = values();

    /** @return the operation numbered {@code code}, or null */
    static Op of(int code) {
        return code >= 0 && code < ALL.length ? ALL[code] : null;
    }

    /** @return its number on the wire */
    byte code() {
        return (byte) ordinal();
    }

    @Override
    public String toString() {
        return name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ');
    }
}
