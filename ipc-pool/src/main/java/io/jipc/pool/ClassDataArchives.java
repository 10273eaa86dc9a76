package io.jipc.pool;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Optional;
import java.util.jar.JarFile;
import java.util.jar.Manifest;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The AppCDS archive pools use by default: one per JDK and class path, in an owner-only directory under the temp
 * directory, made by the first worker that exits and used by every later one; on JDK 25+, the ahead-of-time cache
 * of {@link AheadOfTimeCache} in its place, made by a training run of its own. The JDK accepts an archive only for a
 * class path of plain jars (no directories, no {@code Class-Path} manifest entries) and refuses one whose jars
 * changed, so the default applies only there; elsewhere pools start without one. {@code -Djipc.pool.cds=false}
 * turns the default off.
 * <p>
 * Every change of a jar names a new archive (1.5 to 18 MB), so the directory would only grow: a pool that uses an
 * archive there marks it used (its modification time, at most once a day), and installing a new one removes the
 * archives and leftover temporaries there unused for {@link #UNUSED_FOR}.
 */
final class ClassDataArchives {

    private static final Logger LOG = LoggerFactory.getLogger(ClassDataArchives.class);
    /** How long an archive in the default directory may go unused before the next install removes it. */
    static final Duration UNUSED_FOR = Duration.ofDays(7);
    private static final Duration MARK_EVERY = Duration.ofDays(1);
    private static final String PREFIX = "pool-worker-";
    private static volatile Optional<Path> defaultArchive;

    private ClassDataArchives() {
    }

    /** @return the default archive's path for this JVM's class path, or empty when none applies */
    static Optional<Path> defaultArchive() {
        Optional<Path> archive = defaultArchive;
        if (archive == null) {
            archive = find();
            defaultArchive = archive;
        }
        return archive;
    }

    private static Optional<Path> find() {
        if (!Boolean.parseBoolean(System.getProperty("jipc.pool.cds", "true"))) {
            return Optional.empty();
        }
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update((System.getProperty("java.home") + '|' + Runtime.version()).getBytes(StandardCharsets.UTF_8));
            String classPath = System.getProperty("java.class.path", "");
            if (classPath.isEmpty()) {
                return Optional.empty();
            }
            for (String entry : classPath.split(File.pathSeparator)) {
                Path jar = Paths.get(entry).toAbsolutePath();
                if (!entry.endsWith(".jar") || !Files.isRegularFile(jar) || hasClassPathAttribute(jar)) {
                    return Optional.empty();
                }
                digest.update((jar + "|" + Files.size(jar) + "|" + Files.getLastModifiedTime(jar).toMillis())
                    .getBytes(StandardCharsets.UTF_8));
            }
            Path dir = ownerOnlyDirectory(Paths.get(System.getProperty("java.io.tmpdir"),
                "jipc-cds-" + System.getProperty("user.name", "user")));
            if (dir == null) {
                return Optional.empty();
            }
            String name = HexFormat.of().formatHex(digest.digest(), 0, 12);
            return Optional.of(dir.resolve(PREFIX + name + (AheadOfTimeCache.supported() ? ".aot" : ".jsa")));
        } catch (IOException | NoSuchAlgorithmException | RuntimeException e) {
            LOG.debug("no default class-data archive for pool workers: {}", e.toString());
            return Optional.empty();
        }
    }

    private static boolean hasClassPathAttribute(Path jar) throws IOException {
        try (JarFile file = new JarFile(jar.toFile())) {
            Manifest manifest = file.getManifest();
            return manifest != null && manifest.getMainAttributes().getValue("Class-Path") != null;
        }
    }

    /** @return the directory, created owner-only, or null when it exists but is not this user's alone */
    private static Path ownerOnlyDirectory(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            try {
                Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            } catch (java.nio.file.FileAlreadyExistsException e) {
                // another process made it: checked below
            } catch (UnsupportedOperationException e) {
                return null;
            }
        }
        if (!Files.isDirectory(dir, java.nio.file.LinkOption.NOFOLLOW_LINKS)
            || !Files.getOwner(dir).getName().equals(System.getProperty("user.name"))
            || !PosixFilePermissions.toString(Files.getPosixFilePermissions(dir)).equals("rwx------")) {
            LOG.debug("not using {} for class-data archives: not an owner-only directory of this user", dir);
            return null;
        }
        return dir;
    }

    /**
     * @return where a worker writes the archive (moved into place once it has exited), unique to this process
     */
    static Path temporary(Path archive) {
        return archive.resolveSibling(archive.getFileName() + "." + ProcessHandle.current().pid() + "-"
            + Long.toHexString(System.nanoTime()) + ".tmp");
    }

    /**
     * Moves a written archive into place, atomically; removes a partial or empty one.
     *
     * @param complete true when the worker that wrote it exited normally (a killed one may have left half a file)
     */
    static void install(Path written, Path archive, boolean complete) {
        try {
            if (complete && Files.isRegularFile(written) && Files.size(written) > 0) {
                Files.move(written, archive, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                LOG.debug("class-data archive for pool workers written: {}", archive);
                Optional<Path> defaultDirectory = defaultArchive().map(Path::getParent);
                if (defaultDirectory.isPresent() && defaultDirectory.get().equals(archive.getParent())) {
                    removeUnused(archive.getParent(), archive, Instant.now());
                }
            } else {
                Files.deleteIfExists(written);
            }
        } catch (IOException e) {
            LOG.debug("could not install the class-data archive {}: {}", archive, e.toString());
            try {
                Files.deleteIfExists(written);
            } catch (IOException ignored) {
                // best effort: the temp directory is cleaned by the OS
            }
        }
    }

    /** Marks an archive used now, so that no install removes it for {@link #UNUSED_FOR}; writes at most once a day. */
    static void markUsed(Path archive) {
        try {
            Instant now = Instant.now();
            if (Files.getLastModifiedTime(archive).toInstant().isBefore(now.minus(MARK_EVERY))) {
                Files.setLastModifiedTime(archive, FileTime.from(now));
            }
        } catch (IOException e) {
            LOG.debug("could not mark {} used: {}", archive, e.toString());
        }
    }

    /**
     * Removes the pools' archives, and temporaries left by runs that never ended, not modified since
     * {@code now - UNUSED_FOR} in {@code dir}, except {@code keep}. Other files are left alone.
     */
    static void removeUnused(Path dir, Path keep, Instant now) {
        Instant before = now.minus(UNUSED_FOR);
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, PREFIX + "*")) {
            for (Path file : files) {
                String name = file.getFileName().toString();
                boolean ours = name.endsWith(".jsa") || name.endsWith(".aot") || name.endsWith(".tmp");
                try {
                    if (ours && !file.equals(keep) && Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)
                        && Files.getLastModifiedTime(file, LinkOption.NOFOLLOW_LINKS).toInstant().isBefore(before)) {
                        Files.deleteIfExists(file);
                        LOG.debug("removed {}, unused since {}", file, before);
                    }
                } catch (IOException e) {
                    LOG.debug("could not remove {}: {}", file, e.toString());
                }
            }
        } catch (IOException e) {
            LOG.debug("could not list {}: {}", dir, e.toString());
        }
    }
}
