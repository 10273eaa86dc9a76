package io.jipc.pipe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.Serializable;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

import io.jipc.FrameTooLargeException;
import io.jipc.codec.Codec;
import io.jipc.codec.Codecs;
import io.jipc.codec.TypedChannel;
import io.jipc.process.JvmProcess;
import io.jipc.testkit.EchoPeer;
import org.junit.jupiter.api.extension.ExtendWith;
import io.jipc.testkit.NoLeaks;

/** Typed messages through a real child: what goes out as a value comes back as an equal value. */
@Timeout(60)
@ExtendWith(NoLeaks.class)
class TypedChannelTest {

    record Order(long id, String item, List<String> tags) implements Serializable {
        private static final long serialVersionUID = 1L;
    }

    @Test
    void valuesRoundTripThroughAChild() {
        try (JvmProcess child = JvmProcess.builder(EchoPeer.class).args("pipe:stdio").start()) {
            TypedChannel<Order> orders = TypedChannel.of(child.channel(), Codecs.serializable(Order.class));
            for (int i = 0; i < 100; i++) {
                Order order = new Order(i, "book " + i, List.of("a", "b" + i));
                orders.send(order);
                assertEquals(order, orders.receive(Duration.ofSeconds(10)));
            }
            TypedChannel<String> text = TypedChannel.of(child.channel(), Codecs.utf8());
            text.send("grüße");
            assertEquals("grüße", text.receive(Duration.ofSeconds(10)));
        }
    }

    @Test
    void aValueLargerThanTheChannelCarriesFailsBeforeItIsAllEncoded() {
        int[] chunksWritten = {0};
        Codec<Integer> chunks = new Codec<>() {
            @Override
            public int encode(Integer count, MutableDirectBuffer buffer, int offset) {
                byte[] chunk = new byte[1024];
                for (int i = 0; i < count; i++) {
                    buffer.putBytes(offset + i * chunk.length, chunk);
                    chunksWritten[0]++;
                }
                return count * chunk.length;
            }

            @Override
            public Integer decode(DirectBuffer buffer, int offset, int length) {
                return length / 1024;
            }
        };
        try (JvmProcess child = JvmProcess.builder(EchoPeer.class).args("pipe:stdio").start()) {
            TypedChannel<Integer> typed = TypedChannel.of(child.channel(), chunks);
            int max = child.channel().maxMessageLength();
            FrameTooLargeException e = assertThrows(FrameTooLargeException.class, () -> typed.send(100 * 1024));
            assertTrue(chunksWritten[0] <= max / 1024, "encoded " + chunksWritten[0] + " KiB of a 100 MiB value");
            assertTrue(e.getMessage().contains(String.valueOf(max)) && e.getMessage().contains(child.channel().endpoint().toString()),
                e.getMessage());
            typed.send(3);
            assertEquals(3, typed.receive(Duration.ofSeconds(10)), "the channel stays usable");
        }
    }
}
