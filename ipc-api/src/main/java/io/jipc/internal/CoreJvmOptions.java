package io.jipc.internal;

import java.util.ArrayList;
import java.util.List;

import io.jipc.process.JvmOptions;
import io.jipc.spi.JvmOptionsProvider;

/**
 * The options ipc-api itself needs: Agrona's access to {@code jdk.internal.misc}, quiet Unsafe on JDK 24+, and the
 * JVM's own log lines (warnings such as CDS's) on stderr, since a child's stdout carries its pipe channel.
 */
public final class CoreJvmOptions implements JvmOptionsProvider {

    /** What Agrona's buffers need: every jipc channel, segment, lock and semaphore sits on them. */
    public static final String AGRONA_EXPORT = "--add-exports=java.base/jdk.internal.misc=ALL-UNNAMED";

    private static volatile boolean agronaChecked;

    /**
     * Checks, once per JVM, that Agrona may read {@code jdk.internal.misc}: called by the first jipc call that
     * builds a buffer (looking up a transport, opening a lock, a semaphore or a segment), so that a missing option
     * is a clear error there rather than an {@link IllegalAccessError} from inside Agrona.
     *
     * @throws io.jipc.process.MissingJvmOptionsException naming the options and how to add them
     */
    public static void requireAgronaAccess() {
        if (!agronaChecked) {
            JvmOptions.require(org.agrona.DirectBuffer.class.getModule(), List.of(AGRONA_EXPORT));
            agronaChecked = true;
        }
    }

    /** @return true when Agrona may read {@code jdk.internal.misc} ({@link #requireAgronaAccess()} would pass) */
    public static boolean agronaAccessible() {
        return agronaChecked
            || JvmOptions.missing(org.agrona.DirectBuffer.class.getModule(), List.of(AGRONA_EXPORT)).isEmpty();
    }

    @Override
    public List<String> jvmOptions(int javaFeatureVersion) {
        List<String> options = new ArrayList<>();
        options.add(AGRONA_EXPORT);
        options.add("-Xlog:disable");
        options.add("-Xlog:all=warning:stderr");
        if (javaFeatureVersion >= 24) {
            options.add("--sun-misc-unsafe-memory-access=allow");
            options.add("--enable-native-access=ALL-UNNAMED");
        }
        return options;
    }
}
