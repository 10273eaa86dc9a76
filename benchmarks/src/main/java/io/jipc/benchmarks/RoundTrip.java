package io.jipc.benchmarks;

/** Sends one message to a peer and waits for its reply: one ping-pong. Allocates nothing in steady state. */
@FunctionalInterface
public interface RoundTrip {

    /** Sends one message and returns once the peer's reply arrived. */
    void roundTrip() throws Exception;
}
