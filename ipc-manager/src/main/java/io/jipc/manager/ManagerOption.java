package io.jipc.manager;

import java.time.Duration;

import io.jipc.IpcOption;
import io.jipc.IpcOptions;

/**
 * The manager's own {@link IpcOption}s, given in the same {@link io.jipc.IpcOptions} as the transport's; the manager
 * takes them out before it binds or connects.
 */
public final class ManagerOption {

    /** How long a call waits for the manager's answer (beyond the wait it asks for); default {@link #DEFAULT_CALL_TIMEOUT}. */
    public static final IpcOption<Duration> CALL_TIMEOUT = IpcOption.define("callTimeout", Duration.class, false);

    /** The default of {@link #CALL_TIMEOUT}. */
    public static final Duration DEFAULT_CALL_TIMEOUT = Duration.ofSeconds(30);

    private ManagerOption() {
    }

    /** @return {@code options} without the manager's own: what the transport is given */
    @SuppressWarnings({"unchecked", "rawtypes"})
    static IpcOptions transportOptions(IpcOptions options) {
        IpcOptions result = IpcOptions.defaults();
        for (IpcOption<?> option : options.keys()) {
            if (option != CALL_TIMEOUT) {
                result = result.with((IpcOption) option, options.get(option));
            }
        }
        return result;
    }

    /** @return the call timeout in {@code options}, or the default */
    static Duration callTimeout(IpcOptions options) {
        return options.get(CALL_TIMEOUT, DEFAULT_CALL_TIMEOUT);
    }
}
