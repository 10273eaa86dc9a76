package io.jipc.examples.manager;

import java.io.Serializable;

/**
 * A piece of the text to count, or (number -1) the sign that there is no more work.
 *
 * @param number the job's number
 * @param lines  its lines of text
 */
public record Job(int number, String lines) implements Serializable {
    private static final long serialVersionUID = 1L;

    /** The job that tells a worker to stop. */
    public static final Job STOP = new Job(-1, "");
}
