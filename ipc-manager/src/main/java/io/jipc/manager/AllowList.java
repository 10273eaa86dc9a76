package io.jipc.manager;

import java.io.ObjectInputFilter;
import java.util.ArrayList;
import java.util.List;

import io.jipc.codec.Codecs;

/**
 * Whether a class is on a manager's allow-list, with the patterns of its codec ({@link Codecs#serializable}): the
 * check a function's capturing class must pass before the manager rebuilds the function. Thread-safe.
 */
final class AllowList {

    private final ObjectInputFilter filter;

    AllowList(List<String> patterns) {
        List<String> parts = new ArrayList<>(patterns);
        parts.addAll(Codecs.SAFE_JDK_CLASSES);
        parts.add("!*");
        this.filter = ObjectInputFilter.Config.createFilter(String.join(";", parts));
    }

    /** @return true when {@code type} matches a pattern */
    boolean allows(Class<?> type) {
        return filter.checkInput(new ObjectInputFilter.FilterInfo() {
            @Override
            public Class<?> serialClass() {
                return type;
            }

            @Override
            public long arrayLength() {
                return -1;
            }

            @Override
            public long depth() {
                return 1;
            }

            @Override
            public long references() {
                return 0;
            }

            @Override
            public long streamBytes() {
                return 0;
            }
        }) == ObjectInputFilter.Status.ALLOWED;
    }
}
