package io.jipc.pool;

import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

import io.jipc.codec.Codec;

/** A map whose results are a list in input order, completed once every input has its result. */
final class OrderedMap extends MapCall {

    final CompletableFuture<List<Object>> future = new CompletableFuture<>();
    private final Object[] results;

    OrderedMap(int fn, byte[] function, Object[] inputs, Codec<Object> codec, Executor callbacks) {
        super(fn, function, inputs, codec, callbacks);
        this.results = new Object[inputs.length];
    }

    @Override
    void accept(int index, Object value) {
        results[index] = value;
    }

    @Override
    void complete() {
        future.complete(Collections.unmodifiableList(Arrays.asList(results)));
    }

    @Override
    void failed(Throwable error) {
        future.completeExceptionally(error);
    }
}
