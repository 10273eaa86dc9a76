package io.jipc.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.Serializable;
import java.util.List;
import java.util.Map;

import org.agrona.ExpandableArrayBuffer;
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
}
