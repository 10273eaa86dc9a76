package io.jipc.pool;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.extension.ExtendWith;
import io.jipc.testkit.NoLeaks;

/** The default class-data archive: only for plain-jar class paths, installed only when its writer exited cleanly. */
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
}
