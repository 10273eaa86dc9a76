package io.jipc.pipe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.SplittableRandom;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

/** The frame ring's bytes are the wire format, whatever the wrap-around cuts: headers, payloads, both. */
class FrameRingTest {

    @Test
    void framesSurviveEveryWrapPosition() throws Exception {
        FrameRing ring = new FrameRing(64);
        ByteArrayOutputStream stream = new ByteArrayOutputStream();
        SplittableRandom random = new SplittableRandom(1);
        UnsafeBuffer message = new UnsafeBuffer(new byte[40]);
        int[] lengths = new int[5_000];
        for (int n = 0; n < lengths.length; n++) {
            int length = random.nextInt(41);
            lengths[n] = length;
            for (int i = 0; i < length; i++) {
                message.putByte(i, (byte) (n + i));
            }
            if (!ring.offer(message, 0, length)) {
                ring.drainTo(stream::write, ring.tail());
                assertTrue(ring.offer(message, 0, length), "room after draining");
            }
            if (random.nextInt(3) == 0) {
                ring.drainTo(stream::write, ring.tail());
            }
        }
        ring.drainTo(stream::write, ring.tail());
        ByteBuffer wire = ByteBuffer.wrap(stream.toByteArray()).order(ByteOrder.LITTLE_ENDIAN);
        for (int n = 0; n < lengths.length; n++) {
            assertEquals(lengths[n], wire.getInt(), "header of frame " + n);
            for (int i = 0; i < lengths[n]; i++) {
                assertEquals((byte) (n + i), wire.get(), "byte " + i + " of frame " + n);
            }
        }
        assertFalse(wire.hasRemaining());
    }

    @Test
    void aFullRingRefusesAndTakesNothing() throws Exception {
        FrameRing ring = new FrameRing(16);
        UnsafeBuffer message = new UnsafeBuffer(new byte[12]);
        assertTrue(ring.offer(message, 0, 12));
        assertFalse(ring.offer(message, 0, 0), "no room for even a header");
        assertEquals(16, ring.tail());
        assertEquals(16, ring.drainTo((b, o, l) -> { }, ring.tail()));
        assertTrue(ring.offer(message, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> new FrameRing(100));
    }
}
