package io.jipc.shm;

import io.jipc.shm.file.MappedFile;
import io.jipc.shm.file.FileHeader;
import io.jipc.shm.file.ShmFiles;

import io.jipc.internal.ProcessIdentity;
import io.jipc.internal.ProcessWatch;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

import org.agrona.concurrent.UnsafeBuffer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.jipc.Endpoint;

/** The server's half of a connection: maps the client's channel file and marks its side open. */
final class ShmServerAccept {

    private static final Logger LOG = LoggerFactory.getLogger(ShmServerAccept.class);

    private ShmServerAccept() {
    }

    /** @return the channel, or null when the client gave up or died before being accepted */
    static ShmChannel open(ShmServer server, long id, ProcessIdentity client) {
        Path path = channelPath(server, id);
        MappedFile file;
        try {
            file = openChannelFile(path);
        } catch (NoSuchFileException e) {
            LOG.debug("{}: client {} gave up before being accepted", server.endpoint(), client);
            return null;
        } catch (ShmFileException e) {
            LOG.warn("{}: refusing a connection: {}", server.endpoint(), e.getMessage());
            ShmFiles.delete(path);
            return null;
        } catch (IOException e) {
            LOG.warn("{}: cannot open {} of client {}: {}", server.endpoint(), path, client, e.toString());
            return null;
        }
        UnsafeBuffer shared = file.buffer();
        int clientState = shared.getIntVolatile(ChannelDescriptor.CLIENT_SIDE_OFFSET + ChannelDescriptor.SIDE_STATE_OFFSET);
        if (clientState != ChannelDescriptor.STATE_OPEN || !client.isAlive()) {
            LOG.debug("{}: client {} left before being accepted", server.endpoint(), client);
            ShmFiles.delete(path);
            file.unmap();
            return null;
        }
        ProcessIdentity self = ProcessIdentity.current();
        int side = ChannelDescriptor.SERVER_SIDE_OFFSET;
        shared.putLong(side + ChannelDescriptor.SIDE_PID_OFFSET, self.pid());
        shared.putLong(side + ChannelDescriptor.SIDE_START_OFFSET, self.startTicks());
        ShmConfig config = server.config();
        shared.putInt(ChannelDescriptor.SERVER_ASKS_OFFSET, config.heartbeatAskMillis());
        shared.putLong(ChannelDescriptor.SERVER_HEARTBEAT_OFFSET, System.nanoTime());
        shared.putIntVolatile(side + ChannelDescriptor.SIDE_STATE_OFFSET, ChannelDescriptor.STATE_OPEN);
        // the name stays while the channel is open, for the jipc tool: the first side to close removes it
        Endpoint endpoint = server.endpoint();
        Endpoint channelEndpoint = new Endpoint(endpoint.scheme(), endpoint.address() + ".ch" + id, endpoint.parameters());
        return new ShmChannel(config, channelEndpoint, file, false, new ProcessWatch(client, "client"), config.newIdleStrategy(),
            config.newIdleStrategy(), config.options().closeLinger());
    }

    /**
     * Maps a client's channel file and checks what the client wrote about its rings.
     *
     * @throws ShmFileException when it is not a usable channel file (nothing is left mapped)
     */
    private static MappedFile openChannelFile(Path path) throws IOException {
        MappedFile file = ShmFiles.openExisting(path, FileHeader.Kind.CHANNEL);
        try {
            ChannelDescriptor.capacity(file.buffer(), path);
            return file;
        } catch (ShmFileException e) {
            file.unmap();
            throw e;
        }
    }

    /** @return the file of channel {@code id} of a server */
    static Path channelPath(ShmServer server, long id) {
        Path serverPath = server.path();
        return serverPath.resolveSibling(ServerDescriptor.channelFileName(serverPath.getFileName().toString(), id));
    }
}
