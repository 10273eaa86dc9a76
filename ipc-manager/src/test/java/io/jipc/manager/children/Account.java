package io.jipc.manager.children;

/** A user interface served by a manager in the tests: two balances whose sum a transfer keeps. */
public interface Account {

    /** Moves {@code amount} from the first balance to the second, pausing {@code pauseMillis} half-way. */
    void transfer(long amount, long pauseMillis);

    /** @return the two balances */
    long[] balances();

    /** @throws IllegalStateException always, with {@code message} */
    void fail(String message);

    /** @throws java.io.IOException always (a checked exception the interface declares) */
    void io(String message) throws java.io.IOException;

    /** @return something no codec can encode */
    Object unencodable();

    /** @return {@code length} zero bytes */
    byte[] bytes(int length);

    /** @return how many calls are running now (more than 1 only for a concurrent implementation) */
    int running();
}
