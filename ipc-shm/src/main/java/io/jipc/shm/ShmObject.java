package io.jipc.shm;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * One jipc shared-memory file as seen from outside, read without mapping it: what {@code jipc ls} lists and
 * {@code jipc stat} shows. A snapshot: the processes using the object go on changing it.
 *
 * @param path     the file
 * @param kind     what it holds, e.g. "lock" or "channel server"
 * @param size     its length in bytes
 * @param created  when it was created (the creator's wall clock)
 * @param creator  the process that created it
 * @param contents what is inside, by kind
 * @param mappedBy pids of the live processes that have the file mapped now, or null when this machine cannot tell
 *                 (no {@code /proc})
 */
public record ShmObject(Path path, String kind, long size, Instant created, Process creator, Contents contents,
    List<Long> mappedBy) {

    /**
     * A process an object names, and whether it runs now (same pid and same kernel start time).
     *
     * @param role       what it is to the object: "creator", "client", "server", "holder", "claimant"
     * @param pid        its pid
     * @param startTicks its kernel start time in clock ticks since boot (0 when unknown)
     * @param alive      whether it runs now
     */
    public record Process(String role, long pid, long startTicks, boolean alive) {

        @Override
        public String toString() {
            return role + " " + pid + (alive ? " (alive)" : " (dead)");
        }
    }

    /** What is inside an object, by kind. */
    public sealed interface Contents permits Server, Channel, Data, Sync, Temporary {

        /** @return the processes this object names besides its creator: sides, holders, claimants */
        List<Process> processes();
    }

    /**
     * A bound channel server.
     *
     * @param open            false once the server closed
     * @param channelCapacity the ring capacity it offers new channels
     * @param inboxCapacity   bytes of its connection inbox
     * @param inboxUsed       bytes of connection requests waiting in the inbox
     * @param nextChannelId   the id the next client will take
     */
    public record Server(boolean open, int channelCapacity, int inboxCapacity, long inboxUsed, long nextChannelId)
        implements Contents {

        @Override
        public List<Process> processes() {
            return List.of();
        }
    }

    /**
     * One duplex channel between a client and the server that accepted it.
     *
     * @param capacity bytes of each ring
     * @param client   the client's side
     * @param server   the server's side (its process is null until accepted)
     */
    public record Channel(int capacity, Side client, Side server) implements Contents {

        @Override
        public List<Process> processes() {
            List<Process> list = new ArrayList<>();
            if (client.process() != null) {
                list.add(client.process());
            }
            if (server.process() != null) {
                list.add(server.process());
            }
            return list;
        }
    }

    /**
     * One side of a channel: its process, state and counters (written by that side; the ring it writes is the one
     * whose fill is given).
     *
     * @param process          the process on this side, or null when it never opened
     * @param state            "absent", "open" or "closed"
     * @param messagesSent     messages this side offered successfully
     * @param bytesSent        their bytes
     * @param messagesReceived messages this side polled
     * @param bytesReceived    their bytes
     * @param backPressure     offers refused because the ring was full
     * @param ringUsed         bytes written by this side that the other has not read yet
     */
    public record Side(Process process, String state, long messagesSent, long bytesSent, long messagesReceived,
        long bytesReceived, long backPressure, long ringUsed) {
    }

    /**
     * A named segment: a shared value, an array, or raw bytes.
     *
     * @param elementType "byte", "long", "int" or "double"
     * @param dataLength  bytes of data
     */
    public record Data(String elementType, long dataLength) implements Contents {

        @Override
        public List<Process> processes() {
            return List.of();
        }
    }

    /**
     * A lock (one slot) or a semaphore (one slot per permit).
     *
     * @param permits       1 for a lock
     * @param holders       the holder of each held slot (a process may hold several permits)
     * @param heldFor       for each holder, in the same order, how long it had held its slot when the file was read
     *                      (from the {@code System.nanoTime()} it recorded on taking it); an element is null where
     *                      nothing was recorded (a hold taken by a build older than the record)
     * @param freedByDeath  free slots whose last holder died holding them (the next taker is told)
     * @param claimant      the waiter that asked to go next, or null
     * @param recoveries    how many dead holders were cleared so far
     */
    public record Sync(int permits, List<Process> holders, List<Duration> heldFor, int freedByDeath, Process claimant,
        long recoveries) implements Contents {

        /** @return permits not held now */
        public int available() {
            return permits - holders.size();
        }

        @Override
        public List<Process> processes() {
            List<Process> list = new ArrayList<>(holders);
            if (claimant != null) {
                list.add(claimant);
            }
            return list;
        }
    }

    /**
     * A file being created under a temporary name (or left so by a creator that died while creating it).
     *
     * @param target the name it is meant to get
     */
    public record Temporary(String target) implements Contents {

        @Override
        public List<Process> processes() {
            return List.of();
        }
    }

    /** @return every process this object names: the creator first */
    public List<Process> processes() {
        List<Process> list = new ArrayList<>();
        list.add(creator);
        list.addAll(contents.processes());
        return list;
    }

    /**
     * Whether {@code jipc clean} may remove it: every process it names is dead (a server that closed counts as
     * gone), and no live process has the file mapped.
     *
     * @return true when nothing alive uses the object
     */
    public boolean abandoned() {
        if (mappedBy != null && !mappedBy.isEmpty()) {
            return false;
        }
        if (contents instanceof Server server && !server.open()) {
            return true;
        }
        for (Process process : processes()) {
            if (process.alive()) {
                return false;
            }
        }
        return true;
    }
}
