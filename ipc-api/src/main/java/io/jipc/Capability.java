package io.jipc;

/**
 * What a transport guarantees; see {@link Capabilities}. The channel contract suite runs the tests each one calls for.
 */
public enum Capability {
    /** {@link Channel#offer} returns false when the peer is slow: nothing buffers without bound, nothing is dropped. */
    BACK_PRESSURE,
    /** A peer that dies (even {@code kill -9}) becomes {@link PeerGoneException} on this side, promptly. */
    PEER_DEATH_VISIBLE,
    /** The transport knows the peer's process id ({@link PeerInfo#pid()}) without trusting the peer's word. */
    PEER_PID,
    /** Messages outlive both processes: what was accepted survives a crash and a restart. */
    DURABLE,
    /** Peers may be on other hosts. */
    CROSSES_HOSTS,
    /** Messages arrive in the order they were sent (per channel). */
    ORDERED,
    /** A closing side waits for the peer's end-of-stream and reports whether everything was delivered. */
    GRACEFUL_CLOSE,
    /** Bound servers accept many peers ({@link Ipc#bind(String)}). */
    BINDS,
    /** The peer must prove it holds a key or certificate before any message is read. */
    AUTHENTICATES
}
