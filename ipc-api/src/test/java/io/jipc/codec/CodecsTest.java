package io.jipc.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.Serializable;
import java.util.List;
import java.util.Map;

import org.agrona.ExpandableArrayBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

class CodecsTest {

    record Order(long id, String item, List<Integer> quantities) implements Serializable {
        private static final long serialVersionUID = 1L;
    }

    record Evil(Map<String, Object> payload) implements Serializable {
        private static final long serialVersionUID = 1L;
    }

    static final class Gadget implements Serializable {
        private static final long serialVersionUID = 1L;
    }

    private static <T> T roundTrip(Codec<T> codec, T value) {
        ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(8);
        int length = codec.encode(value, buffer, 3);
        return codec.decode(buffer, 3, length);
    }

    @Test
    void bytesAndTextRoundTrip() {
        assertEquals("grüße, 世界", roundTrip(Codecs.utf8(), "grüße, 世界"));
        assertEquals(3, roundTrip(Codecs.bytes(), new byte[] {1, 2, 3}).length);
        assertEquals("", roundTrip(Codecs.utf8(), ""));
    }

    @Test
    void serializationRoundTripsAllowedTypes() {
        Order order = new Order(42, "book", List.of(1, 2, 3));
        assertEquals(order, roundTrip(Codecs.serializable(Order.class), order));
    }

    @Test
    void serializationRefusesClassesOffTheAllowList() {
        ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(64);
        Codec<Evil> writer = Codecs.serializable(Evil.class, Gadget.class.getName());
        int length = writer.encode(new Evil(Map.of("x", new Gadget())), buffer, 0);
        CodecException e = assertThrows(CodecException.class, () -> Codecs.serializable(Evil.class).decode(buffer, 0, length));
        assertTrue(e.getMessage().contains("refused to deserialize class " + Gadget.class.getName()) && e.getMessage().contains("allow-list"), e.getMessage());
        assertEquals(1, writer.decode(buffer, 0, length).payload().size());
    }

    @Test
    void serializationRefusesAnotherType() {
        ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(64);
        int length = Codecs.serializable(String.class).encode("text", buffer, 0);
        CodecException e = assertThrows(CodecException.class, () -> Codecs.serializable(Order.class).decode(buffer, 0, length));
        assertTrue(e.getMessage().contains("expected a "), e.getMessage());
    }

    @Test
    void garbageBytesAreACodecError() {
        ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(64);
        buffer.putStringWithoutLengthAscii(0, "definitely not serialization");
        assertThrows(CodecException.class, () -> Codecs.serializable(Order.class).decode(buffer, 0, 28));
        assertThrows(IllegalArgumentException.class, () -> Codecs.serializable(Order.class, "!*"));
    }

    @Test
    void aDepthBombIsRefusedByItsDepth() {
        java.util.ArrayList<Object> bomb = new java.util.ArrayList<>();
        java.util.ArrayList<Object> inner = bomb;
        for (int i = 0; i < 500; i++) {
            java.util.ArrayList<Object> next = new java.util.ArrayList<>();
            inner.add(next);
            inner = next;
        }
        @SuppressWarnings({"unchecked", "rawtypes"})
        Codec<java.util.ArrayList<Object>> codec = (Codec) Codecs.serializable(java.util.ArrayList.class);
        ExpandableArrayBuffer buffer = new ExpandableArrayBuffer();
        int length = codec.encode(bomb, buffer, 0);
        CodecException e = assertThrows(CodecException.class, () -> codec.decode(buffer, 0, length));
        assertTrue(e.getMessage().contains("depth") && e.getMessage().contains("64"), e.getMessage());
    }

    @Test
    void anArrayClaimingMoreElementsThanTheMessageHoldsIsRefusedBeforeItIsAllocated() throws Exception {
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        try (java.io.ObjectOutputStream out = new java.io.ObjectOutputStream(bytes)) {
            out.writeObject(new Long[] {7L});
        }
        byte[] forged = bytes.toByteArray();
        // the array's element count (big-endian 1) comes right before its one element, TC_OBJECT (0x73): claim 2^30
        int count = -1;
        for (int i = 0; i + 4 < forged.length && count < 0; i++) {
            if (forged[i] == 0 && forged[i + 1] == 0 && forged[i + 2] == 0 && forged[i + 3] == 1 && forged[i + 4] == 0x73) {
                count = i;
            }
        }
        assertTrue(count > 0, "found the element count");
        forged[count] = 0x40;
        forged[count + 3] = 0;
        Codec<Long[]> codec = Codecs.serializable(Long[].class);
        UnsafeBuffer buffer = new UnsafeBuffer(forged);
        CodecException e = assertThrows(CodecException.class, () -> codec.decode(buffer, 0, forged.length));
        assertTrue(e.getMessage().contains("an array of 1073741824 elements"), e.getMessage());
    }
}
