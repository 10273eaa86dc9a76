package io.jipc.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** {@link ProcessIdentity}: this process, and the time-namespace offset it subtracts from start times. */
class ProcessIdentityTest {

    @Test
    void theBootTimeOffsetIsReadInClockTicks() {
        // the format of /proc/self/timens_offsets: one clock per line, seconds and nanoseconds
        assertEquals(10_050, ProcessIdentity.bootOffsetTicks("monotonic 0 0\nboottime 100 500000000\n"));
        assertEquals(200, ProcessIdentity.bootOffsetTicks("1 0 0\n7 2 0\n")); // clocks by id, as some kernels print
        assertEquals(300, ProcessIdentity.bootOffsetTicks("boottime\t  3   0  \n"));
        assertEquals(-500, ProcessIdentity.bootOffsetTicks("boottime -5 0\n"));
        assertEquals(0, ProcessIdentity.bootOffsetTicks("monotonic 9 0\nboottime 0 0\n"));
        assertEquals(0, ProcessIdentity.bootOffsetTicks("")); // the initial namespace, or no namespaces
        assertEquals(0, ProcessIdentity.bootOffsetTicks("boottime x 0\n")); // malformed: no offset
        assertEquals(0, ProcessIdentity.bootOffsetTicks("boottime 1\n"));
    }

    @Test
    void thisProcessIsAliveWithItsPidAndAStartTime() {
        ProcessIdentity self = ProcessIdentity.current();
        assertEquals(ProcessHandle.current().pid(), self.pid());
        assertTrue(self.startTicks() > 0, "a start time from /proc on Linux");
        assertTrue(self.isAlive());
        assertEquals(self, ProcessIdentity.of(self.pid()));
        assertEquals(self.pid(), ProcessIdentity.fromToken(self.token()).pid());
    }
}
