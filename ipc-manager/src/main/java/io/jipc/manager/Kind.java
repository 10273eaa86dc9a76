package io.jipc.manager;

/** What a managed object is; its number travels in OPEN. */
enum Kind {
    MAP("map"), LIST("list"), QUEUE("queue"), NAMESPACE("namespace"), OBJECT("object");

    private final String text;

    Kind(String text) {
        this.text = text;
    }

    /** @return the kind numbered {@code code}, or null */
    static Kind of(int code) {
        Kind[] all = values();
        return code >= 0 && code < all.length ? all[code] : null;
    }

    @Override
    public String toString() {
        return text;
    }
}
