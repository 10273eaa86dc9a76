package io.jipc.manager;

import java.util.List;
import java.util.concurrent.BlockingQueue;

/**
 * A blocking queue in a manager, shared by every process that opens it by name ({@link Manager#queue}): Python's
 * {@code Manager().Queue()}, the usual way to hand work from process to process.
 * <ul>
 * <li>{@code take} and {@code put} wait in the manager for as long as it takes; they fail with
 *     {@link io.jipc.PeerGoneException} when the manager dies, and with {@link InterruptedException} when this thread
 *     is interrupted: the element a {@code take} was about to get stays in the queue; the element of a {@code put}
 *     may have gone in if the manager put it just before it noticed.</li>
 * <li>An element is the taker's once it arrived and was decoded: a process killed while it waits in {@code take},
 *     or before its element arrived, or that cannot decode it, leaves the element in the queue for the next taker.</li>
 * <li>Iteration, {@code toArray} and {@code toString} work on a snapshot; iterators are unmodifiable (their
 *     {@code remove} throws {@link UnsupportedOperationException} saying so).</li>
 * <li>{@code removeIf}, {@code removeAll} and {@code retainAll} remove the matching elements of a snapshot one
 *     request each: not atomic, like {@link java.util.concurrent.ConcurrentLinkedQueue}'s bulk operations (an element
 *     taken meanwhile is not removed twice).</li>
 * <li>Elements cross through the manager's codec: they must be on its allow-list. {@code null} is refused.</li>
 * </ul>
 * Thread-safe.
 *
 * @param <E> the type of elements
 */
public interface SharedQueue<E> extends BlockingQueue<E> {

    /** @return a copy of the whole queue, head first, taken at one moment */
    List<E> snapshot();

    /** @return the queue's name in its manager */
    String name();
}
