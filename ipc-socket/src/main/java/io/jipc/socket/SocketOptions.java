package io.jipc.socket;

import io.jipc.IpcOption;

/** The options of the {@code tcp:} and {@code unix:} transports beyond the common ones and the key and TLS. */
public final class SocketOptions {

    /**
     * Lets a TCP server bind a non-loopback address without an authentication key or TLS client certificates: anyone
     * who can reach the port can then connect and send messages. Off by default; logged as a warning when used.
     * Prefer {@link IpcOption#AUTH_KEY} (or {@code JIPC_AUTH_KEY}).
     */
    public static final IpcOption<Boolean> INSECURE_NO_AUTH_ON_NETWORK =
        IpcOption.define("insecureNoAuthOnNetwork", Boolean.class, false);

    private SocketOptions() {
    }
}
