package io.jipc.pipe;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.Serializable;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import io.jipc.codec.Codecs;
import io.jipc.codec.TypedChannel;
import io.jipc.process.JvmProcess;
import io.jipc.testkit.EchoPeer;

/** Typed messages through a real child: what goes out as a value comes back as an equal value. */
@Timeout(60)
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
}
