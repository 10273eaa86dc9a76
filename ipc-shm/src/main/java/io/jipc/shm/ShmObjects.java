package io.jipc.shm;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.ringbuffer.RingBufferDescriptor;

import io.jipc.internal.ProcessIdentity;
import io.jipc.shm.file.FileHeader;
import io.jipc.shm.file.ShmFiles;
import io.jipc.shm.sync.SyncInspection;

/**
 * Looks at jipc's shared-memory files from outside, the way {@code jipc ls}, {@code stat} and {@code clean} do:
 * reads them (never maps or writes them), says what each holds and which processes it names, and removes the
 * ones nothing alive uses. Every call is a fresh snapshot; thread-safe.
 */
public final class ShmObjects {

    /** Directories deeper than this under the listed one are not searched. */
    private static final int MAX_DEPTH = 8;

    private ShmObjects() {
    }

    /** What a directory holds: the jipc objects, and the jipc files that could not be read, with why. */
    public record Listing(List<ShmObject> objects, Map<Path, String> problems) {
    }

    /** @return where {@code shm:} names without a directory go: {@code /dev/shm}, or the per-user fallback */
    public static Path defaultDirectory() {
        return Files.isDirectory(ShmPaths.DEV_SHM) ? ShmPaths.DEV_SHM : ShmPaths.fallbackRoot();
    }

    /**
     * Describes one file.
     *
     * @throws NoSuchFileException when it does not exist
     * @throws ShmFileException    when it is not a jipc shared-memory file of this layout version, naming the problem
     * @throws IOException         when it cannot be read
     */
    public static ShmObject describe(Path file) throws IOException {
        return describe(file, Mappings.scan());
    }

    /**
     * Lists every jipc file under {@code dir} and its subdirectories (not following links); other files are
     * skipped silently, jipc files that cannot be read are named in {@link Listing#problems()}.
     *
     * @throws IOException when the directory cannot be listed
     */
    public static Listing list(Path dir) throws IOException {
        Mappings mappings = Mappings.scan();
        List<ShmObject> objects = new ArrayList<>();
        Map<Path, String> problems = new LinkedHashMap<>();
        List<Path> files;
        try (Stream<Path> walk = Files.walk(dir, MAX_DEPTH)) {
            files = walk.filter(p -> Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)).sorted().collect(Collectors.toList());
        }
        for (Path file : files) {
            try {
                if (isJipcFile(file)) {
                    objects.add(describe(file, mappings));
                }
            } catch (NoSuchFileException gone) {
                // removed while listing
            } catch (ShmFileException e) {
                problems.put(file, e.getMessage());
            } catch (IOException e) {
                problems.put(file, "cannot be read: " + e.getMessage());
            }
        }
        return new Listing(objects, problems);
    }

    /**
     * Removes the objects under {@code dir} that nothing alive uses ({@link ShmObject#abandoned()}), and temporary
     * files whose creator died while creating them. A file whose state changes between the look and the removal (a
     * live process took it again) is judged on the second look, just before removal.
     *
     * @return what was removed
     * @throws IOException when the directory cannot be listed
     */
    public static List<ShmObject> clean(Path dir) throws IOException {
        List<ShmObject> removed = new ArrayList<>();
        for (ShmObject object : list(dir).objects()) {
            if (object.abandoned()) {
                try {
                    ShmObject again = describe(object.path());
                    if (again.abandoned() && Files.deleteIfExists(object.path())) {
                        removed.add(again);
                    }
                } catch (IOException | ShmFileException e) {
                    // gone or changed meanwhile: leave it
                }
            }
        }
        return removed;
    }

    private static boolean isJipcFile(Path file) throws IOException {
        UnsafeBuffer header = ShmFiles.readHeader(file, 8);
        return FileHeader.hasMagic(header, 8);
    }

    private static ShmObject describe(Path file, Mappings mappings) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = channel.size();
            UnsafeBuffer header = read(channel, 0, (int) Math.min(size, ChannelDescriptor.RINGS_OFFSET));
            FileHeader.Kind kind = FileHeader.verifyAnyKind(header, (int) Math.min(size, FileHeader.LENGTH), size, file);
            ProcessIdentity creatorId = FileHeader.creator(header);
            ShmObject.Process creator = process("creator", creatorId);
            Instant created = Instant.ofEpochMilli(FileHeader.createdMillis(header));
            Matcher temporary = ShmFiles.TEMPORARY_NAME.matcher(file.getFileName().toString());
            ShmObject.Contents contents;
            if (temporary.matches()) {
                creator = process("creator", new ProcessIdentity(Long.parseLong(temporary.group(2)), 0));
                contents = new ShmObject.Temporary(temporary.group(1));
            } else {
                contents = switch (kind) {
                    case SERVER -> server(channel, header);
                    case CHANNEL -> channel(channel, header, file);
                    case SEGMENT -> segment(header);
                    case LOCK, SEMAPHORE -> SyncInspection.read(read(channel, 0, SyncInspection.length(header, size)));
                };
            }
            List<Long> mappedBy = mappings == null ? null : mappings.mappers(file);
            return new ShmObject(file, temporary.matches() ? "temporary file" : kind.label(), size, created, creator, contents,
                mappedBy);
        }
    }

    private static ShmObject.Server server(FileChannel channel, UnsafeBuffer header) throws IOException {
        int inbox = header.getInt(ServerDescriptor.INBOX_CAPACITY_OFFSET);
        long used = ringUsed(channel, ServerDescriptor.INBOX_OFFSET, inbox);
        return new ShmObject.Server(header.getInt(ServerDescriptor.STATE_OFFSET) != ServerDescriptor.STATE_CLOSED,
            header.getInt(ServerDescriptor.CHANNEL_CAPACITY_OFFSET), inbox, used, header.getLong(ServerDescriptor.NEXT_ID_OFFSET));
    }

    private static ShmObject.Channel channel(FileChannel channel, UnsafeBuffer header, Path file) throws IOException {
        int capacity = header.getInt(ChannelDescriptor.CAPACITY_OFFSET);
        if (capacity <= 0 || Integer.bitCount(capacity) != 1 || ChannelDescriptor.fileLength(capacity) != channel.size()) {
            throw new ShmFileException(file, "says its rings hold " + capacity + " bytes, which does not fit its size of "
                + channel.size() + " bytes");
        }
        return new ShmObject.Channel(capacity,
            side(channel, header, true, capacity), side(channel, header, false, capacity));
    }

    private static ShmObject.Side side(FileChannel channel, UnsafeBuffer header, boolean client, int capacity)
        throws IOException {
        int offset = client ? ChannelDescriptor.CLIENT_SIDE_OFFSET : ChannelDescriptor.SERVER_SIDE_OFFSET;
        int counters = client ? ChannelDescriptor.CLIENT_COUNTERS_OFFSET : ChannelDescriptor.SERVER_COUNTERS_OFFSET;
        ProcessIdentity identity = ChannelDescriptor.side(header, offset);
        int state = header.getInt(offset + ChannelDescriptor.SIDE_STATE_OFFSET);
        return new ShmObject.Side(identity == null ? null : process(client ? "client" : "server", identity),
            state == ChannelDescriptor.STATE_OPEN ? "open" : state == ChannelDescriptor.STATE_CLOSED ? "closed" : "absent",
            header.getLong(counters + ChannelDescriptor.MESSAGES_SENT_OFFSET),
            header.getLong(counters + ChannelDescriptor.BYTES_SENT_OFFSET),
            header.getLong(counters + ChannelDescriptor.MESSAGES_RECEIVED_OFFSET),
            header.getLong(counters + ChannelDescriptor.BYTES_RECEIVED_OFFSET),
            header.getLong(counters + ChannelDescriptor.BACK_PRESSURE_OFFSET),
            ringUsed(channel, ChannelDescriptor.ringOffset(client, capacity), capacity));
    }

    private static ShmObject.Data segment(UnsafeBuffer header) {
        SegmentDescriptor.ElementType type = SegmentDescriptor.ElementType.of(header.getInt(SegmentDescriptor.ELEMENT_TYPE_OFFSET));
        return new ShmObject.Data(type == null ? "unknown" : type.label, header.getLong(SegmentDescriptor.DATA_LENGTH_OFFSET));
    }

    /** @return bytes written into a ring and not yet read: its tail minus its head, from the ring's trailer */
    private static long ringUsed(FileChannel channel, long ringOffset, int capacity) throws IOException {
        UnsafeBuffer trailer = read(channel, ringOffset + capacity, RingBufferDescriptor.TRAILER_LENGTH);
        long tail = trailer.getLong(RingBufferDescriptor.TAIL_POSITION_OFFSET);
        long head = trailer.getLong(RingBufferDescriptor.HEAD_POSITION_OFFSET);
        return Math.max(0, Math.min(capacity, tail - head));
    }

    private static ShmObject.Process process(String role, ProcessIdentity identity) {
        return new ShmObject.Process(role, identity.pid(), identity.startTicks(), identity.isAlive());
    }

    private static UnsafeBuffer read(FileChannel channel, long position, int length) throws IOException {
        ByteBuffer bytes = ByteBuffer.allocate(Math.max(length, 0)).order(ByteOrder.nativeOrder());
        while (bytes.hasRemaining() && channel.read(bytes, position + bytes.position()) > 0) {
            // a read may return fewer bytes
        }
        return new UnsafeBuffer(bytes.array());
    }
}
