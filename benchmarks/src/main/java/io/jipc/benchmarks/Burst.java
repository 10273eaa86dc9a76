package io.jipc.benchmarks;

/** Sends messages one way and waits until the receiver acknowledged all of them. */
@FunctionalInterface
public interface Burst {

    /**
     * Sends {@code messages} messages, then waits for the receiver's acknowledgement.
     *
     * @throws IllegalStateException when the receiver counted another number of messages
     */
    void send(long messages) throws Exception;
}
