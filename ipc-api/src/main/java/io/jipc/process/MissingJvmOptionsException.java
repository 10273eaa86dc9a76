package io.jipc.process;

import java.util.List;

import io.jipc.IpcException;

/**
 * This JVM was started without options that a jipc module needs (an {@code --add-exports} for Agrona's buffers,
 * say). The message names the missing ones, every option the jipc modules on the class path need on this Java
 * version ({@link JvmOptions#required()}), and how to add them: on the command line, in {@code JDK_JAVA_OPTIONS},
 * in an executable jar's manifest, in Maven's exec and surefire configuration. Thrown by the first jipc call that
 * needs the option, before anything fails further down with an {@link IllegalAccessError}.
 */
public final class MissingJvmOptionsException extends IpcException {
    private static final long serialVersionUID = 1L;

    private final transient List<String> missing;
    private final transient List<String> required;

    /**
     * @param message  the whole explanation
     * @param missing  the options this JVM lacks
     * @param required every option to add
     */
    MissingJvmOptionsException(String message, List<String> missing, List<String> required) {
        super(null, message);
        this.missing = List.copyOf(missing);
        this.required = List.copyOf(required);
    }

    /** @return the options this JVM lacks, e.g. {@code --add-exports=java.base/jdk.internal.misc=ALL-UNNAMED} */
    public List<String> missing() {
        return missing;
    }

    /** @return every option to start this application's JVM with, one command-line argument each */
    public List<String> required() {
        return required;
    }
}
