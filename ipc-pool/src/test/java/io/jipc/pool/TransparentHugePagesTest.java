package io.jipc.pool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TransparentHugePagesTest {

    @Test
    void aWorkerAsksForHugePagesOnlyWhenTheKernelOffersThem(@TempDir Path dir) throws Exception {
        Path mode = dir.resolve("enabled");
        Files.writeString(mode, "always [madvise] never\n");
        assertTrue(TransparentHugePages.offered(mode));
        Files.writeString(mode, "[always] madvise never\n");
        assertTrue(TransparentHugePages.offered(mode));
        Files.writeString(mode, "always madvise [never]\n");
        assertFalse(TransparentHugePages.offered(mode));
        assertFalse(TransparentHugePages.offered(dir.resolve("missing")), "not Linux, or no THP in this kernel");
    }

    @Test
    void theWorkersOptionFollowsThisKernel() {
        boolean offered = TransparentHugePages.offered();
        assertEquals(offered ? List.of("-XX:+UseTransparentHugePages") : List.of(), Spawner.HUGE_PAGES);
    }
}
