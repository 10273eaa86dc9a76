package io.jipc;

import java.util.Collections;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * What a transport declares it guarantees ({@link io.jipc.spi.Transport#capabilities()},
 * {@link Ipc#capabilities(String)}): the contract suite runs the tests these call for, and a user can check before
 * relying on one.
 *
 * @param guarantees       what it guarantees
 * @param maxMessageLength the largest message it can be configured to carry, in bytes
 */
public record Capabilities(Set<Capability> guarantees, long maxMessageLength) {

    /** Copies the set; checks the length is positive. */
    public Capabilities {
        Objects.requireNonNull(guarantees, "guarantees");
        guarantees = Collections.unmodifiableSet(guarantees.isEmpty() ? EnumSet.noneOf(Capability.class) : EnumSet.copyOf(guarantees));
        if (maxMessageLength < 1) {
            throw new IllegalArgumentException("maxMessageLength must be positive, was " + maxMessageLength);
        }
    }

    /** @return capabilities holding {@code first} and {@code rest} */
    public static Capabilities of(long maxMessageLength, Capability first, Capability... rest) {
        return new Capabilities(EnumSet.of(first, rest), maxMessageLength);
    }

    /** @return true when the transport guarantees {@code capability} */
    public boolean has(Capability capability) {
        return guarantees.contains(capability);
    }
}
