package io.jipc.mq;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import net.openhft.chronicle.queue.RollCycle;

/**
 * Deletes cycle files older than the queue's retention, never one a subscription or group still needs: Chronicle
 * leaves retention to its users, its release listener fires per process, and a named tailer whose file was deleted
 * silently jumps ahead. Here the oldest position of every subscription and group on disk (their state files) bounds
 * what goes, and the current and last cycles always stay. Replays do not hold files back.
 */
final class Retention {

    private static final Logger LOG = LoggerFactory.getLogger(Retention.class);

    private Retention() {
    }

    /** @return how many cycle files were deleted */
    static synchronized int apply(QueueStore store) {
        if (store.settings.retention() == null || store.readOnly) {
            return 0;
        }
        RollCycle roll = store.rollCycle();
        long expiredBefore = System.currentTimeMillis() - store.settings.retention().toMillis();
        int keepFrom = (int) Math.floorDiv(expiredBefore, (long) roll.lengthInMillis());
        long needed = oldestNeeded(store);
        if (needed == Long.MIN_VALUE) {
            return 0;
        }
        if (needed != Long.MAX_VALUE) {
            keepFrom = Math.min(keepFrom, roll.toCycle(needed));
        }
        int first = store.queue.firstCycle();
        int last = store.queue.lastCycle();
        keepFrom = Math.min(keepFrom, Math.min(last, store.queue.cycle()));
        if (first == Integer.MAX_VALUE || first >= keepFrom) {
            return 0;
        }
        int deleted = 0;
        for (long cycle : store.queue.listCyclesBetween(first, keepFrom - 1)) {
            Path file = store.directory.cycleFile(roll, (int) cycle);
            try {
                if (Files.deleteIfExists(file)) {
                    deleted++;
                    LOG.debug("{}: retention deleted {}", store.endpoint, file);
                }
            } catch (IOException e) {
                LOG.warn("{}: retention could not delete {}: {}", store.endpoint, file, e.toString());
            }
        }
        if (deleted > 0) {
            store.queue.refreshDirectoryListing();
        }
        return deleted;
    }

    /**
     * @return the oldest index a subscription or group still needs; {@link Long#MIN_VALUE} when one needs everything,
     *     {@link Long#MAX_VALUE} when there are none
     */
    static long oldestNeeded(QueueStore store) {
        long needed = Long.MAX_VALUE;
        Path state = store.directory.stateDirectory();
        needed = Math.min(needed, scan(store, state.resolve(DurableSubscription.DIRECTORY), DurableSubscription.SUFFIX));
        needed = Math.min(needed, scan(store, state.resolve(GroupState.DIRECTORY), GroupState.SUFFIX));
        return needed;
    }

    private static long scan(QueueStore store, Path directory, String suffix) {
        long needed = Long.MAX_VALUE;
        if (!Files.isDirectory(directory)) {
            return needed;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(directory, "*" + suffix)) {
            for (Path file : files) {
                boolean group = suffix.equals(GroupState.SUFFIX);
                if (Files.size(file) != (group ? GroupState.LENGTH : DurableSubscription.LENGTH)) {
                    return Long.MIN_VALUE; // being created right now: keep everything this time
                }
                try (StateFile state = group
                    ? StateFile.open(store.endpoint, file, GroupState.LENGTH, GroupState.MAGIC, GroupState.VERSION, "group state file", b -> { })
                    : StateFile.open(store.endpoint, file, DurableSubscription.LENGTH, DurableSubscription.MAGIC,
                        DurableSubscription.VERSION, "subscription state file", b -> { })) {
                    long n = group ? GroupState.needed(state.buffer()) : DurableSubscription.needed(state.buffer());
                    needed = Math.min(needed, n);
                }
            }
        } catch (IOException e) {
            LOG.warn("{}: cannot list {}: {}; retention keeps everything this time", store.endpoint, directory, e.toString());
            return Long.MIN_VALUE;
        }
        return needed;
    }
}
