package io.jipc.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.agrona.ExpandableArrayBuffer;
import org.junit.jupiter.api.Test;

import io.jipc.codec.CodecException;

class RemoteErrorsTest {

    private static final RemoteErrors.Maker<RuntimeException> MAKER =
        (className, message, frames, cause) -> {
            RuntimeException e = new RuntimeException(className + ": " + message, cause);
            e.setStackTrace(frames);
            return e;
        };

    @Test
    void aChainTravelsWithItsFramesAndNames() {
        ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(64);
        Exception error = new IllegalStateException("outer", new IllegalArgumentException("inner"));
        int length = RemoteErrors.encode(error, buffer, 7, t -> t instanceof IllegalArgumentException
            ? new String[] {"com.example.Renamed", "renamed"} : null);
        int[] position = {7};
        RuntimeException rebuilt = RemoteErrors.decode(buffer, position, 7 + length, MAKER);
        assertEquals(7 + length, position[0]);
        assertEquals("java.lang.IllegalStateException: outer", rebuilt.getMessage());
        assertArrayEquals(error.getStackTrace(), rebuilt.getStackTrace());
        assertEquals("com.example.Renamed: renamed", rebuilt.getCause().getMessage());
    }

    @Test
    void aTruncatedRecordIsRefusedWithoutReadingPastItsEnd() {
        ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(64);
        int length = RemoteErrors.encode(new IllegalStateException("outer"), buffer, 0);
        CodecException e = assertThrows(CodecException.class,
            () -> RemoteErrors.decode(buffer, new int[] {0}, length - 3, MAKER));
        assertTrue(e.getMessage().contains("runs past the end"), e.getMessage());
        buffer.putInt(4, Integer.MAX_VALUE, java.nio.ByteOrder.LITTLE_ENDIAN); // the first class name's length
        assertThrows(CodecException.class, () -> RemoteErrors.decode(buffer, new int[] {0}, length, MAKER));
    }
}
