package io.jipc.manager;

/**
 * An object a manager serves, known by a handle (its number in the manager) and a name. Subclasses run the calls
 * of their kind; each keeps its own lock, so calls on one object never half-overlap.
 */
abstract class Served {

    final int handle;
    final String name;
    final Kind kind;

    Served(int handle, String name, Kind kind) {
        this.handle = handle;
        this.name = name;
        this.kind = kind;
    }

    /**
     * Runs one call and writes its answer.
     *
     * @throws Exception what the object threw (it travels back as data); a {@link Refusal} for a bad request
     */
    abstract void call(Request request, Reply reply) throws Exception;

    /** @return what the object is, for OPEN's checks and for messages, e.g. "map 'counts'" */
    String describe() {
        return kind + " '" + name + "'";
    }

    /** @return how a call on it is named in messages, e.g. "put on map 'counts'" */
    String describe(Op op, int method) {
        return op + " on " + describe();
    }
}
