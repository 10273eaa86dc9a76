package io.jipc.pool;

import java.util.ArrayList;
import java.util.List;

import io.jipc.Channel;
import io.jipc.Ipc;
import io.jipc.codec.Codec;

/**
 * The main class of every worker JVM of a {@link ProcessPool}: connects to the pool, runs the initializer, then
 * runs the tasks it is sent, one at a time, until the pool closes the channel or goes away.
 * <p>
 * Arguments: {@code <endpoint> <codec factory class> <allow-list patterns joined by ';'>}. The pool passes them;
 * they are documented for those who start workers by hand (on another host, for example).
 */
public final class PoolWorker {

    private PoolWorker() {
    }

    /**
     * @param args the endpoint to connect to, the {@link TaskCodecFactory} class, the allow-list
     * @throws Exception when the arguments are wrong or the codec cannot be created
     */
    public static void main(String[] args) throws Exception {
        if (args.length != 3) {
            throw new IllegalArgumentException("usage: PoolWorker <endpoint> <codec factory class> <allow-list;...>");
        }
        List<String> allowed = patterns(args[2]);
        Codec<Object> codec = codecFactory(args[1]).create(allowed);
        try (Channel pool = Ipc.connect(args[0])) {
            new WorkerLoop(pool, codec, allowed).run();
        }
    }

    static TaskCodecFactory codecFactory(String className) throws ReflectiveOperationException {
        Class<?> type = Class.forName(className, true, PoolWorker.class.getClassLoader());
        if (!TaskCodecFactory.class.isAssignableFrom(type)) {
            throw new IllegalArgumentException(className + " does not implement " + TaskCodecFactory.class.getName());
        }
        return (TaskCodecFactory) type.getDeclaredConstructor().newInstance();
    }

    static List<String> patterns(String joined) {
        List<String> list = new ArrayList<>();
        for (String p : joined.split(";")) {
            if (!p.isBlank()) {
                list.add(p);
            }
        }
        return list;
    }
}
