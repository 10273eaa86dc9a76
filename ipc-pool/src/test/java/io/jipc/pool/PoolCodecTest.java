package io.jipc.pool;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.agrona.ExpandableArrayBuffer;
import org.junit.jupiter.api.Test;

import io.jipc.codec.Codec;
import io.jipc.codec.CodecException;
import org.junit.jupiter.api.extension.ExtendWith;
import io.jipc.testkit.NoLeaks;

/** The pool's default codec and its errors-as-data, in one JVM. */
@ExtendWith(NoLeaks.class)
class PoolCodecTest {

    private final Codec<Object> codec = new StandardTaskCodec().create(List.of("io.jipc.pool.**"));
    private final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(64);

    private Object roundTrip(Object value) {
        int length = codec.encode(value, buffer, 3);
        return codec.decode(buffer, 3, length);
    }

    @Test
    void commonValuesTakeAFewBytesAndComeBackEqual() {
        assertNull(roundTrip(null));
        assertEquals(5, codec.encode(42, buffer, 0));
        for (Object v : List.of(42, -7L, 2.5, true, "héllo", List.of(1, 2), Map.of("k", 3L))) {
            assertEquals(v, roundTrip(v));
        }
        assertArrayEquals(new byte[] {1, 2, 3}, (byte[]) roundTrip(new byte[] {1, 2, 3}));
    }

    @Test
    void lambdasOfAllowedClassesCrossAndOthersAreRefusedByName() throws Exception {
        int captured = 6;
        Task<Integer> task = () -> captured * 7;
        assertEquals(42, ((Task<?>) roundTrip(task)).call());
        CodecException refused = assertThrows(CodecException.class,
            () -> roundTrip(new java.util.concurrent.atomic.AtomicLong(1)));
        assertTrue(refused.getMessage().contains("java.util.concurrent.atomic.AtomicLong"), refused.getMessage());
        assertThrows(CodecException.class, () -> codec.encode(new Object(), buffer, 0));
    }

    @Test
    void aMapFunctionTravelsAsItsLambdaShapeAndCapturedValuesAndAnythingElseByTheCodec() throws Exception {
        int factor = 7;
        TaskFunction<Integer, Integer> times = x -> x * factor;
        byte[] bytes = FunctionValue.encode(times, codec);
        assertEquals(FunctionValue.LAMBDA, bytes[0]);
        @SuppressWarnings("unchecked")
        TaskFunction<Integer, Integer> rebuilt = (TaskFunction<Integer, Integer>) FunctionValue.decode(
            new org.agrona.concurrent.UnsafeBuffer(bytes), 0, bytes.length, codec);
        assertEquals(42, rebuilt.apply(6));
        byte[] none = FunctionValue.encode(null, codec);
        assertNull(FunctionValue.decode(new org.agrona.concurrent.UnsafeBuffer(none), 0, none.length, codec));
        assertThrows(CodecException.class, () -> FunctionValue.decode(new org.agrona.concurrent.UnsafeBuffer(
            new byte[] {9}), 0, 1, codec), "an unknown kind");
    }

    @Test
    void anExceptionTravelsAsDataWithItsCausesAndFrames() {
        Exception cause = new IllegalArgumentException("inner");
        Exception error = new IllegalStateException("outer", cause);
        int length = RemoteErrors.encode(error, buffer, 10);
        int[] position = {10};
        RemoteTaskException remote = RemoteErrors.decode(buffer, position, 1234);
        assertEquals(10 + length, position[0]);
        assertEquals("java.lang.IllegalStateException", remote.remoteClassName());
        assertEquals("outer", remote.remoteMessage());
        assertEquals(1234, remote.workerPid());
        assertArrayEquals(error.getStackTrace(), remote.getStackTrace());
        assertEquals("java.lang.IllegalArgumentException", remote.remoteCause().remoteClassName());
        assertNull(remote.remoteCause().getCause());
    }
}
