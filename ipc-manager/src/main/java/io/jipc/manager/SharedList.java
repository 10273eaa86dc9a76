package io.jipc.manager;

import java.util.List;

/**
 * A list in a manager, shared by every process that opens it by name ({@link Manager#list}): each call is one request
 * to the manager, run whole under the list's lock there.
 * <ul>
 * <li>Iteration ({@code iterator}, {@code listIterator}, {@code stream}, {@code forEach}), {@code subList},
 *     {@code toArray}, {@code equals}, {@code hashCode} and {@code toString} work on a snapshot of one moment of the
 *     list; iterators and sub-lists are unmodifiable: a change through them throws
 *     {@link UnsupportedOperationException} saying so (a sub-list is a copy, not the view {@link List#subList} is).</li>
 * <li>{@code removeIf}, {@code replaceAll} and {@code sort} run their function here, on a snapshot, and replace the
 *     list only if nobody changed it since (else they start again): atomic, whatever the function.</li>
 * <li>Elements cross through the manager's codec: they must be on its allow-list.</li>
 * </ul>
 * Failures as for {@link SharedMap}. Thread-safe.
 *
 * @param <E> the type of elements
 */
public interface SharedList<E> extends List<E> {

    /** @return a copy of the whole list, taken at one moment */
    List<E> snapshot();

    /** @return the list's name in its manager */
    String name();
}
