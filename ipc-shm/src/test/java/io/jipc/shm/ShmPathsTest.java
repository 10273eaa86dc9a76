package io.jipc.shm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Paths;

import org.junit.jupiter.api.Test;

import io.jipc.Endpoint;
import io.jipc.EndpointException;

/** Where addresses land, with and without /dev/shm. */
class ShmPathsTest {

    private static final String TMP = System.getProperty("java.io.tmpdir");

    @Test
    void withDevShm() {
        assertEquals(Paths.get("/dev/shm/app/orders"), ShmPaths.resolve(Endpoint.parse("shm:/dev/shm/app/orders"), true));
        assertEquals(Paths.get("/dev/shm/app/orders"), ShmPaths.resolve(Endpoint.parse("shm:app/orders"), true));
        assertEquals(Paths.get("/var/run/app/orders"), ShmPaths.resolve(Endpoint.parse("shm:/var/run/app/orders"), true));
    }

    @Test
    void withoutDevShmEverythingThatWouldGoThereGoesUnderTheTempDirectory() {
        assertEquals(Paths.get(TMP, "jipc-shm-" + System.getProperty("user.name"), "app", "orders"), ShmPaths.resolve(Endpoint.parse("shm:/dev/shm/app/orders"), false));
        assertEquals(Paths.get(TMP, "jipc-shm-" + System.getProperty("user.name"), "app", "orders"), ShmPaths.resolve(Endpoint.parse("shm:app/orders"), false));
        assertEquals(Paths.get("/var/run/app/orders"), ShmPaths.resolve(Endpoint.parse("shm:/var/run/app/orders"), false));
    }

    @Test
    void anAddressMustNameAFile() {
        assertThrows(EndpointException.class, () -> ShmPaths.resolve(Endpoint.parse("shm:"), true));
        assertThrows(EndpointException.class, () -> ShmPaths.resolve(Endpoint.parse("shm:/dev/shm/app/"), true));
    }
}
