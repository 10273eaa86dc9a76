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
    void textIsTheSameUtf8InEveryKindOfBuffer() {
        String ascii = "key-1234567890-" + "x".repeat(100);
        for (String text : List.of(ascii, "grüße, 世界 \uD83D\uDE00", "")) {
            byte[] utf8 = text.getBytes(java.nio.charset.StandardCharsets.UTF_8);
            ExpandableArrayBuffer grown = new ExpandableArrayBuffer(4); // grows under the ASCII path too
            assertEquals(utf8.length, Codecs.utf8().encode(text, grown, 2));
            assertEquals(new UnsafeBuffer(utf8), new UnsafeBuffer(grown, 2, utf8.length), text);

            byte[] backing = new byte[utf8.length + 16];
            UnsafeBuffer view = new UnsafeBuffer(backing, 5, utf8.length + 8); // an array view at an offset
            Codecs.utf8().encode(text, view, 3);
            assertEquals(text, Codecs.utf8().decode(view, 3, utf8.length));
            UnsafeBuffer offHeap = new UnsafeBuffer(java.nio.ByteBuffer.allocateDirect(utf8.length + 8));
            Codecs.utf8().encode(text, offHeap, 1);
            assertEquals(text, Codecs.utf8().decode(offHeap, 1, utf8.length));
            assertEquals(text, Codecs.tagged().decode(grown(Codecs.tagged(), text), 0, 1 + utf8.length));
        }
        UnsafeBuffer small = new UnsafeBuffer(new byte[8]);
        assertThrows(IndexOutOfBoundsException.class, () -> Codecs.utf8().encode("123456789", small, 0));
        assertThrows(IndexOutOfBoundsException.class, () -> Codecs.utf8().decode(small, 4, 5), "read past the end");
        assertEquals("a\uFFFDb", Codecs.utf8().decode(new UnsafeBuffer(new byte[] {'a', (byte) 0xC3, 'b'}), 0, 3),
            "malformed bytes read as U+FFFD, as before");
    }

    private static ExpandableArrayBuffer grown(Codec<Object> codec, Object value) {
        ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(2);
        codec.encode(value, buffer, 0);
        return buffer;
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

    @Test
    void taggedCodecWritesCommonValuesInAFewBytesAndRefusesOthersByName() {
        Codec<Object> codec = Codecs.tagged(Order.class.getName());
        ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(8);
        assertEquals(5, codec.encode(42, buffer, 0));
        assertEquals(9, codec.encode(42L, buffer, 0));
        for (Object v : List.of(42, -7L, 2.5, true, "héllo", List.of(1, 2), Map.of("k", 3L), new Order(1, "x", List.of()))) {
            assertEquals(v, roundTrip(codec, v));
        }
        assertEquals(null, roundTrip(codec, null));
        int length = Codecs.tagged(Gadget.class.getName()).encode(new Gadget(), buffer, 0);
        CodecException e = assertThrows(CodecException.class, () -> codec.decode(buffer, 0, length));
        assertTrue(e.getMessage().contains(Gadget.class.getName()), e.getMessage());
        buffer.putByte(0, (byte) 2); // LONG in 3 bytes
        assertThrows(CodecException.class, () -> codec.decode(buffer, 0, 3));
        buffer.putByte(0, (byte) 99);
        assertThrows(CodecException.class, () -> codec.decode(buffer, 0, 3));
        assertThrows(CodecException.class, () -> codec.decode(buffer, 0, 0));
    }

    @Test
    void taggedCodecChecksPatternsAtOnceAndLeavesTheJdksParsingToTheFirstSerializedValue() {
        for (String bad : new String[] {" ", "a;b", "!com.example.*"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Codecs.tagged(bad));
            assertTrue(e.getMessage().contains("not an allow-list pattern"), e.getMessage());
        }
        Codec<Object> codec = Codecs.tagged("/NoModule"); // only the JDK's parser refuses it
        assertEquals(42, roundTrip(codec, 42)); // the common values need no serialization
        assertEquals("text", roundTrip(codec, "text"));
        ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(8);
        CodecException e = assertThrows(CodecException.class, () -> codec.encode(List.of(1), buffer, 0));
        assertTrue(e.getMessage().contains("invalid allow-list [/NoModule]") && e.getMessage().contains("module name"),
            e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Codecs.serializable(Object.class, "/NoModule"),
            "Codecs.serializable parses its patterns when it is made");
    }
}
