package io.jipc.manager;

import java.util.List;
import java.util.Map;

import io.jipc.Endpoint;
import io.jipc.IpcOptions;

/**
 * What a manager is started with, validated by {@link ManagerBuilder}.
 *
 * @param endpoint      where it binds
 * @param options       the transport's options and the manager's own ({@link ManagerOption})
 * @param allowed       the allow-list beyond {@link io.jipc.codec.Codecs#SAFE_JDK_CLASSES}: classes values may
 *                      contain, and classes whose functions may run in the manager
 * @param registrations the user interfaces it serves, by interface name
 * @param loader        loads user classes and the capturing classes of functions
 */
record ManagerConfig(Endpoint endpoint, IpcOptions options, List<String> allowed, Map<String, Registration> registrations,
                     ClassLoader loader) {
}
