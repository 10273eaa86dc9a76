package io.jipc.pool;

import java.util.List;

import io.jipc.codec.Codec;

/**
 * Makes the codec a pool uses for its tasks, functions, inputs and results, in the pool's JVM and in every worker.
 * An implementation has a public no-argument constructor (workers create it by class name) and is stateless.
 * The default is {@link StandardTaskCodec}.
 */
public interface TaskCodecFactory {

    /**
     * @param allowed the pool's allow-list: {@link java.io.ObjectInputFilter} patterns of the classes values may
     *                contain (a codec that does not deserialize classes by name may ignore it)
     * @return a thread-safe codec
     */
    Codec<Object> create(List<String> allowed);
}
