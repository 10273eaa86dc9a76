package io.jipc.manager;

import java.time.Duration;

import io.jipc.Channel;
import io.jipc.Endpoint;
import io.jipc.Ipc;
import io.jipc.IpcOptions;
import io.jipc.codec.Codec;
import io.jipc.codec.Codecs;

/** A client that speaks the manager protocol by hand, to misbehave where a real client would not. */
final class RawClient implements AutoCloseable {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    final Channel channel;
    final Connection connection;
    private final Codec<Object> codec = Codecs.tagged();

    RawClient(Endpoint endpoint) {
        channel = Ipc.connect(endpoint, IpcOptions.defaults());
        connection = new Connection(channel);
    }

    /** Says HELLO with {@code version} and reads the WELCOME. @return the manager's version */
    int hello(int version) {
        connection.begin(ManagerProtocol.HELLO);
        connection.putLong(ManagerProtocol.HELLO_MAGIC_OFFSET, ManagerProtocol.MAGIC);
        connection.putInt(ManagerProtocol.HELLO_VERSION_OFFSET, version);
        connection.skipTo(ManagerProtocol.HELLO_LENGTH);
        connection.send(TIMEOUT);
        return connection.welcome(TIMEOUT).getInt(ManagerProtocol.WELCOME_VERSION_OFFSET, ManagerProtocol.ORDER);
    }

    /** @return the handle of queue {@code name} */
    int openQueue(String name) {
        connection.begin(ManagerProtocol.OPEN);
        connection.putByte(ManagerProtocol.OPEN_KIND_OFFSET, (byte) Kind.QUEUE.ordinal());
        connection.putInt(ManagerProtocol.OPEN_CAPACITY_OFFSET, 0);
        connection.putLong(ManagerProtocol.OPEN_HASH_OFFSET, 0);
        connection.skipTo(ManagerProtocol.OPEN_NAME_OFFSET);
        connection.string(name);
        connection.string(null);
        connection.send(TIMEOUT);
        connection.receive(TIMEOUT);
        return (Integer) connection.value(codec);
    }

    /** Takes the head of queue {@code name} and leaves without acknowledging it. @return what was taken */
    static Object pollWithoutAck(Endpoint endpoint, String queue) {
        try (RawClient client = new RawClient(endpoint)) {
            client.hello(ManagerProtocol.VERSION);
            int handle = client.openQueue(queue);
            client.connection.call(Op.POLL, 0, handle);
            client.connection.argument(0L, client.codec);
            client.connection.send(TIMEOUT);
            byte status = client.connection.receive(TIMEOUT);
            if (status != ManagerProtocol.TAKEN) {
                throw new AssertionError("expected TAKEN, got status " + status);
            }
            return client.connection.values(client.codec).get(0);
        }
    }

    @Override
    public void close() {
        channel.close(Duration.ZERO);
    }
}
