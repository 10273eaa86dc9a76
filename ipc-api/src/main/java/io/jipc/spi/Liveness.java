package io.jipc.spi;

/**
 * Tells whether the process at the other end of a channel still lives. Implementations are cheap enough to call
 * from an idle loop (they rate-limit expensive checks themselves) and thread-safe.
 */
@FunctionalInterface
public interface Liveness {

    /** A peer assumed to live forever (its death is noticed by the transport itself). */
    Liveness ALWAYS = () -> null;

    /** @return null while the peer lives; otherwise why it is gone, e.g. "process 1234 exited with code 137" */
    String goneReason();
}
