package io.jipc.pool;

import java.util.AbstractList;
import java.util.List;
import java.util.Objects;
import java.util.RandomAccess;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

import io.jipc.codec.Codec;

/**
 * A map whose results are a list in input order, completed once every input has its result. The results are kept in
 * blocks of {@link #BLOCK} made as their first result comes, not in one array of them all: with the default
 * collector (G1) a large array is old from birth, and storing millions of new result objects into it costs a card
 * per store and a scan at every young collection, which for tiny tasks cost more than the tasks themselves.
 */
final class OrderedMap extends MapCall {

    private static final int SHIFT = 12;
    /** Results per block: a small, young array. */
    private static final int BLOCK = 1 << SHIFT;
    private static final int MASK = BLOCK - 1;

    final CompletableFuture<List<Object>> future = new CompletableFuture<>();
    private final Object[][] blocks;

    OrderedMap(int fn, byte[] function, Object[] inputs, Codec<Object> codec, Executor callbacks) {
        super(fn, function, inputs, codec, callbacks);
        this.blocks = new Object[(inputs.length + MASK) >>> SHIFT][];
    }

    @Override
    void accept(int index, Object value) {
        Object[] block = blocks[index >>> SHIFT];
        if (block == null) {
            int first = index & ~MASK;
            block = new Object[Math.min(BLOCK, inputs.length - first)];
            blocks[index >>> SHIFT] = block;
        }
        block[index & MASK] = value;
    }

    @Override
    void complete() {
        future.complete(new Results(blocks, inputs.length));
    }

    @Override
    void failed(Throwable error) {
        future.completeExceptionally(error);
    }

    /** The results of a map, in input order: an unmodifiable list over the blocks. */
    private static final class Results extends AbstractList<Object> implements RandomAccess {
        private final Object[][] blocks;
        private final int size;

        Results(Object[][] blocks, int size) {
            this.blocks = blocks;
            this.size = size;
        }

        @Override
        public Object get(int index) {
            Objects.checkIndex(index, size);
            return blocks[index >>> SHIFT][index & MASK];
        }

        @Override
        public int size() {
            return size;
        }
    }
}
