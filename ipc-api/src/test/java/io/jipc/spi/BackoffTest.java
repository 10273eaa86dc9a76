package io.jipc.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The one idle strategy: its steps in order, a reset after work, and settings it refuses. */
class BackoffTest {

    @Test
    void spinsThenYieldsThenParksAndStartsOverAfterWork() {
        Backoff idle = new Backoff(new Backoff.Settings(2, 3, 1_000, 100_000, 0, 100_000));
        for (int i = 0; i < 5; i++) {
            assertFalse(idle.parksNext(), "step " + i + " spins or yields");
            idle.idle();
        }
        assertTrue(idle.parksNext());
        idle.idleAtMost(1_000); // a park, bounded
        assertTrue(idle.parksNext());
        idle.idle(1);
        assertFalse(idle.parksNext(), "work came: spinning again");
        idle.idle(0);
        assertFalse(idle.parksNext(), "one spin of two");
        idle.idle(0);
        idle.idle(0);
        idle.idle(0);
        idle.idle(0);
        assertTrue(idle.parksNext());
        idle.reset();
        assertFalse(idle.parksNext());
    }

    @Test
    void theStandardSettingsYieldThenPark() {
        Backoff idle = new Backoff();
        assertEquals(Backoff.Settings.STANDARD, idle.settings());
        assertEquals(0, Backoff.Settings.STANDARD.spins());
        for (int i = 0; i < Backoff.Settings.STANDARD.yields(); i++) {
            assertFalse(idle.parksNext());
            idle.idle();
        }
        assertTrue(idle.parksNext());
        assertEquals("backoff", idle.alias());
    }

    @Test
    void refusesSettingsThatCannotWork() {
        assertThrows(IllegalArgumentException.class, () -> new Backoff.Settings(-1, 0, 1, 1, 0, 1));
        assertThrows(IllegalArgumentException.class, () -> new Backoff.Settings(0, -1, 1, 1, 0, 1));
        assertThrows(IllegalArgumentException.class, () -> new Backoff.Settings(0, 0, 0, 1, 0, 1), "no park");
        assertThrows(IllegalArgumentException.class, () -> new Backoff.Settings(0, 0, 10, 5, 0, 5), "min > max");
        assertThrows(IllegalArgumentException.class, () -> new Backoff.Settings(0, 0, 1, 5, 0, 10), "recent > max");
        Backoff.Settings parks = Backoff.Settings.STANDARD.withParks(1_000_000, 1_000_000);
        assertEquals(1_000_000, parks.minParkNanos());
        assertEquals(Backoff.Settings.STANDARD.yields(), parks.yields());
        assertEquals(100, Backoff.Settings.STANDARD.withSpins(100).spins());
    }
}
