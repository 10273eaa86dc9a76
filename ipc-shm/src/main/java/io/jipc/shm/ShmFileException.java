package io.jipc.shm;

import java.nio.file.Path;

import io.jipc.Endpoint;
import io.jipc.IpcException;

/**
 * A shared-memory file that jipc cannot use: not a jipc file, another layout version, another kind, truncated, or
 * unreadable. The message names the file and what was found.
 */
public class ShmFileException extends IpcException {
    private static final long serialVersionUID = 1L;

    private final transient Path path;
    private final String problem;

    /**
     * @param path    the file
     * @param problem what is wrong with it, as a predicate: "is truncated: ..."
     */
    public ShmFileException(Path path, String problem) {
        this(null, path, problem, null);
    }

    /**
     * @param endpoint the endpoint concerned, or null
     * @param path     the file
     * @param problem  what is wrong with it, as a predicate: "is truncated: ..."
     * @param cause    the underlying failure, or null
     */
    public ShmFileException(Endpoint endpoint, Path path, String problem, Throwable cause) {
        super(endpoint, path + " " + problem, cause);
        this.path = path;
        this.problem = problem;
    }

    /** @return the same failure, naming {@code endpoint} too */
    public ShmFileException at(Endpoint endpoint) {
        ShmFileException named = new ShmFileException(endpoint, path, problem, getCause());
        named.setStackTrace(getStackTrace());
        return named;
    }

    /** @return the file concerned */
    public Path path() {
        return path;
    }
}
