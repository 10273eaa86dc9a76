package io.jipc.socket;

/** The two socket transports. */
enum SocketKind {
    /** {@code tcp://host:port} */
    TCP("tcp"),
    /** {@code unix:/path} */
    UNIX("unix");

    final String scheme;

    SocketKind(String scheme) {
        this.scheme = scheme;
    }
}
