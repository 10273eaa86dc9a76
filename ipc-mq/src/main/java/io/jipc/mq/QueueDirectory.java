package io.jipc.mq;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.regex.Pattern;

import net.openhft.chronicle.queue.RollCycle;
import net.openhft.chronicle.wire.Wires;

import io.jipc.Endpoint;

/**
 * The files of a queue directory, checked before Chronicle touches them. Chronicle reacts badly to what it does not
 * expect: a {@code .cq4} file whose name is not a cycle stops every open; a cycle file with a damaged header is
 * renamed to {@code .discard} and its messages silently skipped; a damaged metadata file reads as "unable to claim
 * exclusive lock". Here each of those is refused with the file's name, and nothing is renamed or deleted. A file
 * whose header Chronicle has not finished writing, and that changed in the last ten seconds, is taken as being created
 * by another process.
 * <p>
 * A store file's header, as its creator writes it (Chronicle-Wire's {@code AbstractWire.writeFirstHeader}, then
 * {@code updateFirstHeader}); a finished cycle file starts {@code c1 00 00 40 b9 06 "header" b6 08 "SCQStore"}:
 * <pre>
 *  0            4       6          12      14
 *  +------------+-------+----------+-------+-------------------------+---------
 *  | first word | b9 06 | "header" | b6 nn | "SCQStore" or "STStore" | fields...
 *  +------------+-------+----------+-------+-------------------------+---------
 *  first word, little-endian (Chronicle's Wires): 0 (the file is sized, nothing written), then NOT_COMPLETE
 *  0x80000000 while the document is written (name, then type, then fields), then META_DATA | length
 *  (0x40000000 | n) once it is whole
 * </pre>
 * <p>
 * jipc's own state (subscription positions, group records) lives in the {@value #STATE_DIRECTORY} subdirectory,
 * which Chronicle ignores. Other files (a README, editor backups) are ignored too.
 */
final class QueueDirectory {

    static final String STATE_DIRECTORY = "jipc";
    static final String CYCLE_SUFFIX = ".cq4";
    static final String METADATA_FILE = "metadata.cq4t";

    /** Every Chronicle store begins with a header document named "header" of this type. */
    private static final byte[] HEADER_NAME = "header".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] CYCLE_TYPE = "SCQStore".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] METADATA_TYPE = "STStore".getBytes(StandardCharsets.US_ASCII);
    private static final int WORD_LENGTH = 4;
    private static final int NAME_OFFSET = 6;
    private static final int TYPE_OFFSET = 14;
    /** A file whose header is unfinished and this recent is being created by another process, not damaged. */
    private static final long BEING_CREATED_MILLIS = 10_000;

    private final Endpoint endpoint;
    private final Path directory;

    QueueDirectory(Endpoint endpoint, Path directory) {
        this.endpoint = endpoint;
        this.directory = directory;
    }

    Path path() {
        return directory;
    }

    Path stateDirectory() {
        return directory.resolve(STATE_DIRECTORY);
    }

    /** @return true when the directory exists and this process may create files in it */
    boolean writable() {
        return Files.isWritable(directory);
    }

    /**
     * Checks every cycle file and the metadata file.
     *
     * @param roll the roll cycle the queue uses, or null when not known yet (names are then checked by shape only)
     * @throws CorruptQueueException naming the first bad file
     */
    void validate(RollCycle roll) {
        if (!Files.isDirectory(directory)) {
            return;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(directory)) {
            for (Path file : files) {
                String name = file.getFileName().toString();
                if (name.equals(METADATA_FILE)) {
                    checkHeader(file, METADATA_TYPE, "queue metadata file");
                } else if (name.endsWith(CYCLE_SUFFIX)) {
                    if (roll != null && !namePattern(roll).matcher(name).matches()) {
                        throw new CorruptQueueException(endpoint, "foreign file " + file + " in the queue directory: its name is not"
                            + " a cycle of roll cycle " + MqSettings.nameOf(roll) + " (names like " + fileName(roll, 0)
                            + "); move it out of the directory");
                    }
                    checkHeader(file, CYCLE_TYPE, "cycle file");
                }
            }
        } catch (IOException e) {
            throw new QueueException(endpoint, "cannot list the queue directory " + directory + ": " + e.getMessage(), e);
        }
    }

    private void checkHeader(Path file, byte[] type, String what) {
        byte[] head = new byte[TYPE_OFFSET + type.length];
        int read;
        long modified;
        try (InputStream in = Files.newInputStream(file)) {
            // the word first, in its own read, as Chronicle's readers do: once it is published, the rest is whole
            read = in.readNBytes(head, 0, WORD_LENGTH);
            read += in.readNBytes(head, read, head.length - read);
            modified = Files.getLastModifiedTime(file).toMillis();
        } catch (IOException e) {
            throw new QueueException(endpoint, "cannot read " + file + ": " + e.getMessage(), e);
        }
        int word = read < WORD_LENGTH ? Wires.NOT_INITIALIZED
            : (head[0] & 0xFF) | (head[1] & 0xFF) << 8 | (head[2] & 0xFF) << 16 | (head[3] & 0xFF) << 24;
        boolean unfinished = read < head.length || Wires.isNotComplete(word);
        if (!unfinished && Wires.isReadyMetaData(word)
            && Arrays.equals(head, NAME_OFFSET, NAME_OFFSET + HEADER_NAME.length, HEADER_NAME, 0, HEADER_NAME.length)
            && Arrays.equals(head, TYPE_OFFSET, TYPE_OFFSET + type.length, type, 0, type.length)) {
            return;
        }
        long age = System.currentTimeMillis() - modified;
        if (unfinished && age < BEING_CREATED_MILLIS) {
            return; // another process is creating it: Chronicle sizes the file, then writes and publishes its header
        }
        String found = read < head.length ? "only " + read + " bytes long"
            : (unfinished ? "its Chronicle header is unfinished, unchanged for " + age / 1000 + " s"
                : "it does not start with a Chronicle " + new String(type, StandardCharsets.US_ASCII) + " header")
                + " (found " + describe(word, head) + ")";
        throw new CorruptQueueException(endpoint, "damaged or foreign " + what + " " + file + ": " + found
            + "; nothing was changed (move it out of the directory if it does not belong to the queue)");
    }

    /** @return the first word in hex, then the bytes after it as ASCII, a dot for each that is not printable */
    private static String describe(int word, byte[] head) {
        StringBuilder text = new StringBuilder(String.format("first word 0x%08x", word));
        if (Wires.isNotComplete(word)) {
            text.append(word == Wires.NOT_INITIALIZED ? " (not initialized)" : " (not complete)");
        }
        text.append(", then \"");
        for (int i = WORD_LENGTH; i < head.length; i++) {
            text.append(head[i] >= 0x20 && head[i] < 0x7F ? (char) head[i] : '.');
        }
        return text.append('"').toString();
    }

    /** @return the file of a cycle, named as Chronicle names it */
    Path cycleFile(RollCycle roll, int cycle) {
        return directory.resolve(fileName(roll, cycle));
    }

    private static String fileName(RollCycle roll, int cycle) {
        Instant start = Instant.ofEpochMilli((long) cycle * roll.lengthInMillis());
        return DateTimeFormatter.ofPattern(roll.format()).withZone(ZoneOffset.UTC).format(start) + CYCLE_SUFFIX;
    }

    /** @return a pattern matching the file names of a roll cycle: its date letters as digits, its quoted suffix */
    static Pattern namePattern(RollCycle roll) {
        StringBuilder regex = new StringBuilder();
        String format = roll.format();
        for (int i = 0; i < format.length(); i++) {
            char c = format.charAt(i);
            if (c == '\'') {
                int end = format.indexOf('\'', i + 1);
                regex.append(Pattern.quote(format.substring(i + 1, end)));
                i = end;
            } else if (Character.isLetter(c)) {
                regex.append("\\d");
            } else {
                regex.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return Pattern.compile(regex + Pattern.quote(CYCLE_SUFFIX));
    }

    /** @return the bytes the file system lets this process use, or Long.MAX_VALUE when it cannot tell */
    long usableSpace(FileStore store) {
        try {
            return store.getUsableSpace();
        } catch (IOException e) {
            return Long.MAX_VALUE;
        }
    }

    /** @return the file store of the directory */
    FileStore fileStore() {
        try {
            return Files.getFileStore(directory);
        } catch (IOException e) {
            throw new QueueException(endpoint, "cannot find the file system of " + directory + ": " + e.getMessage(), e);
        }
    }
}
