package io.jipc.codec;

import io.jipc.IpcException;

/** A value that could not be encoded, or bytes that could not be decoded (including ones a filter rejected). */
public class CodecException extends IpcException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message what could not be encoded or decoded, and why
     * @param cause   the underlying failure, or null
     */
    public CodecException(String message, Throwable cause) {
        super(null, message, cause);
    }
}
