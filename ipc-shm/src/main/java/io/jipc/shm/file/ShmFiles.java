package io.jipc.shm.file;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.agrona.concurrent.UnsafeBuffer;

import io.jipc.internal.ProcessIdentity;
import io.jipc.shm.ShmFileException;

/**
 * Creating, opening and removing jipc's shared-memory files. Files and the directories created for them are
 * owner-only ({@code rw-------}, {@code rwx------}) where the file system has POSIX permissions.
 */
public final class ShmFiles {

    private static final AtomicLong TEMP_COUNTER = new AtomicLong();
    private static final int ZERO_CHUNK = 1 << 20;
    /**
     * The name of a temporary file made while creating a file: {@code .name.tmp-<creator pid>-<n>}; group 1 is the
     * name, group 2 the creator's pid.
     */
    public static final Pattern TEMPORARY_NAME = Pattern.compile("\\.(.+)\\.tmp-(\\d+)-\\d+");

    private ShmFiles() {
    }

    /**
     * Creates a file complete and only then gives it its name, so nobody sees it half-initialised: checks the space
     * left, writes zeros over its whole length (a full /dev/shm fails here, with a message naming the space needed
     * and the space free, not later with a crash), lets {@code init} fill it in, then links it to {@code path}.
     * Temporary files left by creators that died half-way are removed first.
     *
     * @return the mapped file, or null when {@code path} already exists
     * @throws ShmFileException when there is not enough space for it
     * @throws IOException when the file cannot be created
     */
    public static MappedFile createExclusive(Path path, long length, Consumer<UnsafeBuffer> init) throws IOException {
        Path dir = path.toAbsolutePath().getParent();
        createDirectories(dir);
        removeDeadCreatorsTemporaries(dir, path.getFileName().toString());
        requireSpace(path, dir, length);
        Path temp = dir.resolve(temporaryPrefix(path.getFileName().toString()) + ProcessIdentity.current().pid() + "-"
            + TEMP_COUNTER.incrementAndGet());
        try {
            MappedFile file;
            try (FileChannel channel = FileChannel.open(temp, Set.of(StandardOpenOption.CREATE_NEW,
                StandardOpenOption.READ, StandardOpenOption.WRITE), ownerOnly("rw-------"))) {
                try {
                    fillZeros(channel, length);
                } catch (IOException e) {
                    throw noSpace(path, dir, length, e);
                }
                file = new MappedFile(path, channel.map(FileChannel.MapMode.READ_WRITE, 0, length));
            }
            init.accept(file.buffer());
            try {
                Files.createLink(path, temp);
            } catch (FileAlreadyExistsException e) {
                file.unmap();
                return null;
            } catch (UnsupportedOperationException e) {
                try {
                    Files.move(temp, path); // no hard links here: not atomic, but refuses an existing file
                } catch (FileAlreadyExistsException e2) {
                    file.unmap();
                    return null;
                }
            }
            return file;
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /** @return the name prefix of the temporary files made while creating {@code name}: {@code .name.tmp-} */
    public static String temporaryPrefix(String name) {
        return "." + name + ".tmp-";
    }

    /**
     * Removes the temporary files of {@code name} whose creator (the pid in their name) no longer runs: a creator
     * killed between writing and linking leaves one, which would otherwise stay for good.
     */
    static void removeDeadCreatorsTemporaries(Path dir, String name) {
        removeDeadCreatorsTemporaries(dir, name, true);
    }

    /**
     * Removes the temporary files of every name starting with {@code namePrefix} whose creator no longer runs (a
     * server closing removes those of its clients' channel files, {@code name.ch*}: a client killed while creating one
     * leaves a temporary under a name nobody creates again).
     */
    public static void removeDeadCreatorsTemporariesStartingWith(Path dir, String namePrefix) {
        removeDeadCreatorsTemporaries(dir, namePrefix, false);
    }

    private static void removeDeadCreatorsTemporaries(Path dir, String name, boolean exact) {
        String start = "." + name;
        DirectoryStream.Filter<Path> ofName = p -> p.getFileName().toString().startsWith(start);
        try (DirectoryStream<Path> temporaries = Files.newDirectoryStream(dir, ofName)) {
            for (Path temporary : temporaries) {
                Matcher parts = TEMPORARY_NAME.matcher(temporary.getFileName().toString());
                if (!parts.matches() || (exact && !parts.group(1).equals(name))) {
                    continue; // not a temporary, or another name's
                }
                try {
                    long pid = Long.parseLong(parts.group(2));
                    if (pid != ProcessIdentity.current().pid() && !ProcessIdentity.of(pid).isAlive()) {
                        Files.deleteIfExists(temporary);
                    }
                } catch (NumberFormatException | IOException e) {
                    // a pid beyond a long, or gone meanwhile
                }
            }
        } catch (IOException | RuntimeException e) {
            // a directory we cannot list: nothing to clean
        }
    }

    private static void requireSpace(Path path, Path dir, long length) {
        try {
            FileStore store = Files.getFileStore(dir);
            if (store.getUsableSpace() < length) {
                throw noSpace(path, dir, length, null);
            }
        } catch (IOException e) {
            // cannot tell: the write of the zeros will
        }
    }

    private static ShmFileException noSpace(Path path, Path dir, long length, IOException cause) {
        long free = -1;
        long total = -1;
        try {
            FileStore store = Files.getFileStore(dir);
            free = store.getUsableSpace();
            total = store.getTotalSpace();
        } catch (IOException e) {
            // leave them unknown
        }
        return new ShmFileException(null, path, "cannot be created: it needs " + mib(length) + " and " + dir + " has "
            + (free < 0 ? "an unknown amount" : mib(free)) + " free" + (total < 0 ? "" : " of " + mib(total))
            + " (a container's /dev/shm is often 64 MiB: raise it, e.g. docker run --shm-size=1g, or ask for less with"
            + " ?capacity=)" + (cause == null ? "" : ": " + cause.getMessage()), cause);
    }

    private static String mib(long bytes) {
        return bytes >= (1 << 20) ? String.format(java.util.Locale.ROOT, "%.1f MiB", bytes / 1048576.0) : bytes + " bytes";
    }

    /**
     * Opens and maps an existing file after checking its header.
     *
     * @throws NoSuchFileException when it does not exist
     * @throws ShmFileException when it is not a valid file of that kind
     */
    public static MappedFile openExisting(Path path, FileHeader.Kind kind) throws IOException {
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            long size = channel.size();
            UnsafeBuffer header = readHeader(channel);
            FileHeader.verify(header, (int) Math.min(size, FileHeader.LENGTH), size, path, kind);
            if (size > Integer.MAX_VALUE) {
                throw new ShmFileException(path, "is " + size + " bytes: larger than jipc maps (2 GiB)");
            }
            MappedByteBuffer mapped = channel.map(FileChannel.MapMode.READ_WRITE, 0, size);
            return new MappedFile(path, mapped);
        }
    }

    /**
     * Reads the header of a file without mapping it.
     *
     * @return the header as far as the file has one; the rest is zeros
     */
    public static UnsafeBuffer readHeader(Path path) throws IOException {
        return readHeader(path, FileHeader.LENGTH);
    }

    /**
     * Reads the first {@code length} bytes of a file without mapping it (what the jipc tool and liveness checks
     * read: a kind's fields beyond the common header).
     *
     * @return the bytes as far as the file has them; the rest is zeros
     */
    public static UnsafeBuffer readHeader(Path path, int length) throws IOException {
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
            return readHeader(channel, length);
        }
    }

    private static UnsafeBuffer readHeader(FileChannel channel) throws IOException {
        return readHeader(channel, FileHeader.LENGTH);
    }

    private static UnsafeBuffer readHeader(FileChannel channel, int length) throws IOException {
        ByteBuffer bytes = ByteBuffer.allocate(length);
        while (bytes.hasRemaining() && channel.read(bytes, bytes.position()) > 0) {
            // keep reading: a read may return fewer bytes
        }
        return new UnsafeBuffer(bytes.array());
    }

    /** Removes a file's name; a process that mapped it keeps its mapping. @return true when it existed */
    public static boolean delete(Path path) {
        try {
            return Files.deleteIfExists(path);
        } catch (IOException e) {
            return false;
        }
    }

    public static void createDirectories(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            Files.createDirectories(dir, ownerOnly("rwx------"));
        }
    }

    private static FileAttribute<?>[] ownerOnly(String permissions) {
        if (!java.nio.file.FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
            return new FileAttribute<?>[0];
        }
        return new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(permissions))};
    }

    private static void fillZeros(FileChannel channel, long length) throws IOException {
        ByteBuffer zeros = ByteBuffer.allocateDirect((int) Math.min(ZERO_CHUNK, Math.max(length, 1)));
        long position = 0;
        while (position < length) {
            zeros.clear();
            zeros.limit((int) Math.min(zeros.capacity(), length - position));
            position += channel.write(zeros, position);
        }
    }
}
