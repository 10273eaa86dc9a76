package io.jipc.socket;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import io.jipc.AddressInUseException;
import io.jipc.Endpoint;
import io.jipc.EndpointException;

/**
 * The file of a bound Unix socket: a live one (a server answers) is in use; a stale one (nobody listens) is replaced;
 * anything else at the path is left alone. The epoll transport would let a second server bind a live server's path
 * and steal its new clients, so the check comes before every bind. The bound file is made owner-only.
 */
final class UnixSocketFile {

    private static final int S_IFMT = 0170000;
    private static final int S_IFSOCK = 0140000;

    private UnixSocketFile() {
    }

    /** Makes the path free for a bind: removes a stale socket file, refuses a live one or a file of another kind. */
    static void prepare(Endpoint endpoint, Path path) {
        if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
            Path parent = path.getParent();
            if (parent != null && !Files.isDirectory(parent)) {
                throw new EndpointException(endpoint, "directory " + parent + " does not exist");
            }
            return;
        }
        if (!isSocket(path)) {
            throw new AddressInUseException(endpoint, path + " exists and is not a socket; refusing to replace it");
        }
        if (listening(path)) {
            throw new AddressInUseException(endpoint, "a live server listens on " + path);
        }
        try {
            Files.deleteIfExists(path);
        } catch (IOException e) {
            throw new AddressInUseException(endpoint, "cannot remove the stale socket file " + path + ": " + e.getMessage(), e);
        }
    }

    /** Makes the bound socket file owner-only. */
    static void restrict(Endpoint endpoint, Path path) {
        try {
            Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rw-------"));
        } catch (IOException | UnsupportedOperationException e) {
            throw new EndpointException(endpoint, "cannot make " + path + " owner-only: " + e.getMessage());
        }
    }

    /** @return the file's identity, to delete only our own socket file later */
    static Object fileKey(Path path) {
        try {
            return Files.readAttributes(path, java.nio.file.attribute.BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS)
                .fileKey();
        } catch (IOException e) {
            return null;
        }
    }

    /** Deletes the socket file when it is still the one this server bound. */
    static void remove(Path path, Object key) {
        if (key != null && key.equals(fileKey(path))) {
            try {
                Files.deleteIfExists(path);
            } catch (IOException e) {
                // left for the next bind to replace as stale
            }
        }
    }

    private static boolean isSocket(Path path) {
        try {
            int mode = (Integer) Files.getAttribute(path, "unix:mode", LinkOption.NOFOLLOW_LINKS);
            return (mode & S_IFMT) == S_IFSOCK;
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return false;
        }
    }

    private static boolean listening(Path path) {
        try (SocketChannel probe = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            probe.connect(UnixDomainSocketAddress.of(path));
            return true;
        } catch (IOException e) {
            return false; // refused: nobody listens
        }
    }
}
