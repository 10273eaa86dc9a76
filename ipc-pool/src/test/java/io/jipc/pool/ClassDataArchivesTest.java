package io.jipc.pool;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.extension.ExtendWith;
import io.jipc.testkit.NoLeaks;

/**
 * The default class-data archive: only for plain-jar class paths, installed only when its writer exited cleanly;
 * archives unused for a week are removed.
 */
@ExtendWith(NoLeaks.class)
class ClassDataArchivesTest {

    @Test
    void noDefaultArchiveForAClassPathWithDirectoriesOrManifestClassPaths() {
        // surefire runs tests from target/classes directories (or a booter jar whose manifest lists them): the JDK
        // would refuse an archive for such a class path
        assertTrue(ClassDataArchives.defaultArchive().isEmpty(), System.getProperty("java.class.path"));
    }

    @Test
    void anArchiveIsInstalledOnlyFromAWorkerThatExitedNormally(@TempDir Path dir) throws Exception {
        Path archive = dir.resolve("pool.jsa");
        Path killed = ClassDataArchives.temporary(archive);
        Files.write(killed, new byte[] {1, 2});
        ClassDataArchives.install(killed, archive, false);
        assertFalse(Files.exists(killed) || Files.exists(archive), "a half-written archive is dropped");

        Path written = ClassDataArchives.temporary(archive);
        Files.write(written, new byte[] {3, 4});
        ClassDataArchives.install(written, archive, true);
        assertFalse(Files.exists(written));
        assertArrayEquals(new byte[] {3, 4}, Files.readAllBytes(archive));

        Path empty = ClassDataArchives.temporary(archive);
        Files.createFile(empty);
        ClassDataArchives.install(empty, archive, true);
        assertFalse(Files.exists(empty));
        assertArrayEquals(new byte[] {3, 4}, Files.readAllBytes(archive), "an empty file replaces nothing");
    }

    @Test
    void archivesUnusedForAWeekGoWhenAnotherIsInstalledAndAUseKeepsOne(@TempDir Path dir) throws Exception {
        Instant now = Instant.now();
        Path installed = aged(dir.resolve("pool-worker-aaaa.aot"), Duration.ofDays(30));
        Path stale = aged(dir.resolve("pool-worker-bbbb.jsa"), Duration.ofDays(8));
        Path staleCache = aged(dir.resolve("pool-worker-cccc.aot"), Duration.ofDays(8));
        Path leftover = aged(dir.resolve("pool-worker-cccc.aot.4242-1f.tmp"), Duration.ofDays(8));
        Path recent = aged(dir.resolve("pool-worker-dddd.jsa"), Duration.ofDays(6));
        Path used = aged(dir.resolve("pool-worker-eeee.jsa"), Duration.ofDays(8));
        Path notOurs = aged(dir.resolve("notes.txt"), Duration.ofDays(30));
        Path notAnArchive = aged(dir.resolve("pool-worker-ffff.txt"), Duration.ofDays(30));

        ClassDataArchives.markUsed(used);
        assertTrue(Files.getLastModifiedTime(used).toInstant().isAfter(now.minus(Duration.ofMinutes(1))));
        Instant marked = Files.getLastModifiedTime(used).toInstant();
        ClassDataArchives.markUsed(used);
        assertEquals(marked, Files.getLastModifiedTime(used).toInstant(), "marked at most once a day");

        ClassDataArchives.removeUnused(dir, installed, now);
        assertFalse(Files.exists(stale) || Files.exists(staleCache) || Files.exists(leftover),
            "unused for over a week: removed");
        for (Path kept : List.of(installed, recent, used, notOurs, notAnArchive)) {
            assertTrue(Files.exists(kept), kept + " kept");
        }
    }

    private static Path aged(Path file, Duration age) throws Exception {
        Files.write(file, new byte[] {1});
        Files.setLastModifiedTime(file, FileTime.from(Instant.now().minus(age)));
        return file;
    }
}
