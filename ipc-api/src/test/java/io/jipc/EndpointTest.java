package io.jipc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

class EndpointTest {

    @Test
    void parsesSchemeAddressAndParameters() {
        Endpoint e = Endpoint.parse("SHM:/dev/shm/app/orders?capacity=4m&idle=spin");
        assertEquals("shm", e.scheme());
        assertEquals("/dev/shm/app/orders", e.address());
        assertEquals(Map.of("capacity", "4m", "idle", "spin"), e.parameters());
        assertEquals(4L << 20, e.sizeParameter("capacity", 0));
        assertEquals("shm:/dev/shm/app/orders?capacity=4m&idle=spin", e.toString());
        assertEquals(Endpoint.parse("tcp://127.0.0.1:7000").address(), "//127.0.0.1:7000");
        assertEquals("stdio", Endpoint.parse("pipe:stdio").address());
    }

    @Test
    void malformedUrisAreRefusedWithAnExample() {
        EndpointException e = assertThrows(EndpointException.class, () -> Endpoint.parse("no-scheme-here"));
        assertTrue(e.getMessage().contains("expected scheme:address"), e.getMessage());
        assertThrows(EndpointException.class, () -> Endpoint.parse(":nothing"));
        assertThrows(EndpointException.class, () -> Endpoint.parse("9p:/x"));
        assertThrows(EndpointException.class, () -> Endpoint.parse("shm:/x?a=1&a=2"));
        assertThrows(EndpointException.class, () -> Endpoint.parse("shm:/x?=1"));
        assertThrows(EndpointException.class, () -> Endpoint.parse("s_m:/x"));
        assertThrows(EndpointException.class, () -> Endpoint.parse("s m:/x"));
        assertThrows(EndpointException.class, () -> Endpoint.parse("+shm:/x"));
        assertThrows(EndpointException.class, () -> new Endpoint("Shm", "/x", Map.of()));
        assertThrows(EndpointException.class, () -> new Endpoint("", "/x", Map.of()));
        assertEquals("x+y.z-1", Endpoint.parse("X+Y.z-1:/a").scheme());
    }

    @Test
    void unknownParameterNamesTheSupportedOnes() {
        Endpoint e = Endpoint.parse("shm:/x?capacty=4m");
        EndpointException ex = assertThrows(EndpointException.class, () -> e.requireOnly(Set.of("capacity", "idle")));
        assertTrue(ex.getMessage().contains("'capacty'") && ex.getMessage().contains("[capacity, idle]"), ex.getMessage());
    }

    @Test
    void sizesAndDurationsAreValidated() {
        assertEquals(65536, Endpoint.parse("x:?s=64k").sizeParameter("s", 0));
        assertEquals(1L << 30, Endpoint.parse("x:?s=1g").sizeParameter("s", 0));
        assertEquals(123, Endpoint.parse("x:?s=123").sizeParameter("s", 0));
        assertEquals(7, Endpoint.parse("x:").sizeParameter("s", 7));
        EndpointException bad = assertThrows(EndpointException.class, () -> Endpoint.parse("x:?s=lots").sizeParameter("s", 0));
        assertTrue(bad.getMessage().contains("not a size"), bad.getMessage());
        assertThrows(EndpointException.class, () -> Endpoint.parse("x:?s=-1").sizeParameter("s", 0));
        assertEquals(Duration.ofMillis(500), Endpoint.parse("x:?t=500ms").durationParameter("t", null));
        assertEquals(Duration.ofSeconds(5), Endpoint.parse("x:?t=5s").durationParameter("t", null));
        assertThrows(EndpointException.class, () -> Endpoint.parse("x:?t=soon").durationParameter("t", null));
    }

    @Test
    void parameterValuesArePercentDecodedAndEncodedBack() {
        Endpoint e = Endpoint.parse("shm:/x?name=a%26b%3Dc%20d&path=%2Ftmp%2F%C3%A9t%C3%A9");
        assertEquals("a&b=c d", e.parameter("name", null));
        assertEquals("/tmp/\u00e9t\u00e9", e.parameter("path", null));
        assertEquals(e, Endpoint.parse(e.toString()));
        assertEquals("shm:/x?name=a%26b%3dc%20d&path=/tmp/\u00e9t\u00e9", e.toString());
        EndpointException bad = assertThrows(EndpointException.class, () -> Endpoint.parse("shm:/x?a=100%"));
        assertTrue(bad.getMessage().contains("percent-escape"), bad.getMessage());
        assertThrows(EndpointException.class, () -> Endpoint.parse("shm:/x?a=%zz"));
    }

    @Test
    void unitsAreUnambiguous() {
        assertEquals(4L << 20, Endpoint.parse("x:?s=4m").sizeParameter("s", 0), "m in a size is MiB");
        assertEquals(4L << 20, Endpoint.parse("x:?s=4MiB").sizeParameter("s", 0));
        assertEquals(Duration.ofMinutes(2), Endpoint.parse("x:?t=2min").durationParameter("t", null));
        assertEquals(Duration.ofHours(1), Endpoint.parse("x:?t=1h").durationParameter("t", null));
        assertEquals(Duration.ofMillis(250), Endpoint.parse("x:?t=250").durationParameter("t", null));
        EndpointException ambiguous = assertThrows(EndpointException.class,
            () -> Endpoint.parse("x:?t=2m").durationParameter("t", null));
        assertTrue(ambiguous.getMessage().contains("ambiguous"), ambiguous.getMessage());
        assertThrows(EndpointException.class, () -> Endpoint.parse("x:?s=99999999999g").sizeParameter("s", 0));
    }
}
