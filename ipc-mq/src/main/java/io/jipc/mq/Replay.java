package io.jipc.mq;

import java.util.function.Consumer;
import java.util.function.Function;

import net.openhft.chronicle.wire.DocumentContext;

/**
 * A reader that remembers nothing: starts where it is told ({@link From}) and reads on. It does not hold back
 * retention: a cycle it has not reached yet may be deleted under it.
 *
 * @param <T> what handlers receive
 */
final class Replay<T> extends AbstractReader<T> {

    private final From from;

    Replay(QueueStore store, From from, Function<QueueMessage, T> decoder) {
        super(store, decoder);
        this.from = from;
        Positions.moveTo(store, tailer, from);
    }

    @Override
    String describe() {
        return "the replay " + from;
    }

    @Override
    public int poll(Consumer<? super T> handler, int limit) {
        checkOpen();
        int handled = 0;
        while (handled < limit) {
            try (DocumentContext dc = tailer.readingDocument()) {
                if (!dc.isPresent()) {
                    break;
                }
                if (deliver(dc, handler)) {
                    handled++;
                }
            }
        }
        return handled;
    }
}
