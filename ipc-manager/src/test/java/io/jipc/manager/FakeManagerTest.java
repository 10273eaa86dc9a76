package io.jipc.manager;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

import org.agrona.ExpandableArrayBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import io.jipc.Channel;
import io.jipc.ChannelServer;
import io.jipc.Ipc;
import io.jipc.PeerGoneException;
import io.jipc.ProtocolException;
import io.jipc.testkit.NoLeaks;

/** A client facing a server that is not a manager, or another version of one: refused by name, nothing left open. */
@ExtendWith(NoLeaks.class)
class FakeManagerTest {

    /** Serves one client with {@code answer}, on a thread, and returns what happened to it. */
    private static ProtocolException connectTo(Consumer<Channel> answer) throws Exception {
        try (ChannelServer server = Ipc.bind(TestEndpoints.shm("fake"))) {
            CompletableFuture<Void> served = CompletableFuture.runAsync(() -> {
                try (Channel channel = server.accept(Duration.ofSeconds(30))) {
                    channel.receive(Duration.ofSeconds(10)); // the HELLO
                    answer.accept(channel);
                    channel.receive(Duration.ofSeconds(10)); // until the client leaves
                } catch (PeerGoneException e) {
                    // the client left
                }
            });
            ProtocolException e = assertThrows(ProtocolException.class, () -> Manager.connect(server.endpoint().toString()));
            served.get();
            return e;
        }
    }

    @Test
    void aServerThatAnswersHelloWithGarbageIsNotAManager() throws Exception {
        ProtocolException e = connectTo(channel -> channel.send(new byte[] {0, 'H', 'T', 'T', 'P'}));
        assertTrue(e.getMessage().contains("not a WELCOME (not a jipc manager?)"), e.getMessage());
    }

    @Test
    void aManagerOfAnotherVersionIsRefusedNamingBoth() throws Exception {
        ProtocolException e = connectTo(channel -> {
            ExpandableArrayBuffer welcome = new ExpandableArrayBuffer(64);
            welcome.putByte(0, ManagerProtocol.LAST);
            welcome.putByte(1, ManagerProtocol.WELCOME);
            welcome.putInt(1 + ManagerProtocol.WELCOME_VERSION_OFFSET, 99, ManagerProtocol.ORDER);
            channel.send(welcome, 0, 1 + ManagerProtocol.WELCOME_HEADER, Duration.ofSeconds(5));
        });
        assertTrue(e.getMessage().contains("manager protocol version 99, this client version " + ManagerProtocol.VERSION),
            e.getMessage());
    }

    @Test
    void aTruncatedWelcomeIsRefusedWithoutReadingPastIt() throws Exception {
        ProtocolException e = connectTo(channel -> {
            ExpandableArrayBuffer welcome = new ExpandableArrayBuffer(64);
            welcome.putByte(0, ManagerProtocol.LAST);
            welcome.putByte(1, ManagerProtocol.WELCOME);
            welcome.putInt(1 + ManagerProtocol.WELCOME_VERSION_OFFSET, ManagerProtocol.VERSION, ManagerProtocol.ORDER);
            welcome.putInt(1 + ManagerProtocol.WELCOME_COUNT_OFFSET, 3, ManagerProtocol.ORDER); // three patterns, none sent
            channel.send(welcome, 0, 1 + ManagerProtocol.WELCOME_HEADER, Duration.ofSeconds(5));
        });
        assertTrue(e.getMessage().contains("WELCOME is truncated"), e.getMessage());
    }
}
