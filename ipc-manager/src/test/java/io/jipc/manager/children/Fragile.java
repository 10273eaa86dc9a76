package io.jipc.manager.children;

import java.io.IOException;
import java.io.InvalidObjectException;
import java.io.ObjectInputStream;
import java.io.Serializable;

/**
 * A value that a JVM started with {@code -D}{@value #REFUSE} cannot read back (as a JVM without its class could not):
 * the manager stores it, such a client fails to decode it.
 */
public final class Fragile implements Serializable {

    /** The system property that makes this JVM refuse to read a {@code Fragile}. */
    public static final String REFUSE = "jipc.test.fragile.refuse";
    private static final long serialVersionUID = 1L;

    private final String text;

    public Fragile(String text) {
        this.text = text;
    }

    public String text() {
        return text;
    }

    private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
        if (System.getProperty(REFUSE) != null) {
            throw new InvalidObjectException("this JVM cannot read a Fragile");
        }
        in.defaultReadObject();
    }
}
