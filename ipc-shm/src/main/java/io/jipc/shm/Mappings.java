package io.jipc.shm;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Which processes have which shared files mapped, read once from every {@code /proc/<pid>/maps} this user may read:
 * a file mapped by a live process is in use, whoever created it and whatever its header says. jipc's files are
 * owner-only, so processes of other users (whose maps this user cannot read) cannot have them mapped, root
 * excepted.
 */
final class Mappings {

    private static final Path PROC = Paths.get("/proc");

    /**
     * File (device and inode) to the pids that map it. Not by path: a file created by jipc is mapped under its
     * temporary name before it is linked to its own, and the kernel goes on printing the name it was mapped by.
     */
    private final Map<FileKey, TreeSet<Long>> byFile;

    private record FileKey(long device, long inode) {
    }

    private Mappings(Map<FileKey, TreeSet<Long>> byFile) {
        this.byFile = byFile;
    }

    /** @return the mappings of every readable process now (this one included), or null without {@code /proc} */
    static Mappings scan() {
        if (!Files.isReadable(PROC.resolve("self/maps"))) {
            return null;
        }
        Map<FileKey, TreeSet<Long>> byFile = new HashMap<>();
        try (DirectoryStream<Path> processes = Files.newDirectoryStream(PROC, p -> isPid(p.getFileName().toString()))) {
            for (Path process : processes) {
                read(process.resolve("maps"), Long.parseLong(process.getFileName().toString()), byFile);
            }
        } catch (IOException e) {
            return null;
        }
        return new Mappings(byFile);
    }

    private static void read(Path maps, long pid, Map<FileKey, TreeSet<Long>> byFile) {
        try (BufferedReader in = Files.newBufferedReader(maps, StandardCharsets.UTF_8)) {
            String line;
            while ((line = in.readLine()) != null) {
                // address perms offset dev inode path
                String[] fields = line.split("\\s+", 6);
                if (fields.length < 6 || !fields[5].startsWith("/")) {
                    continue;
                }
                int colon = fields[3].indexOf(':');
                try {
                    long major = Long.parseLong(fields[3].substring(0, colon), 16);
                    long minor = Long.parseLong(fields[3].substring(colon + 1), 16);
                    FileKey key = new FileKey(device(major, minor), Long.parseLong(fields[4]));
                    byFile.computeIfAbsent(key, k -> new TreeSet<>()).add(pid);
                } catch (NumberFormatException | IndexOutOfBoundsException e) {
                    // not a line we understand
                }
            }
        } catch (IOException | RuntimeException e) {
            // gone meanwhile, or not ours to read
        }
    }

    private static boolean isPid(String name) {
        if (name.isEmpty()) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            if (!Character.isDigit(name.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    /** @return Linux's {@code st_dev} for a device number as {@code /proc/<pid>/maps} prints it */
    private static long device(long major, long minor) {
        return (minor & 0xff) | ((major & 0xfff) << 8) | ((minor & ~0xffL) << 12) | ((major & ~0xfffL) << 32);
    }

    /** @return the pids that map this very file (same device, same inode), or null when its inode cannot be read */
    List<Long> mappers(Path file) {
        try {
            FileKey key = new FileKey((Long) Files.getAttribute(file, "unix:dev"), (Long) Files.getAttribute(file, "unix:ino"));
            TreeSet<Long> pids = byFile.get(key);
            return pids == null ? List.of() : new ArrayList<>(pids);
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException | ClassCastException e) {
            return null;
        }
    }
}
