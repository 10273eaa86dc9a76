package io.jipc;

import java.net.SocketAddress;
import java.security.Principal;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Who is at the other end of a {@link Channel}, as far as the transport can vouch for it: the process id where the
 * kernel or the transport knows it (a child's pipe, a shared-memory peer, a Unix-socket peer's credentials), the
 * remote address of a socket, the principal TLS authenticated, and whether the peer proved it holds the
 * authentication key. Nothing here is taken from what the peer says about itself.
 *
 * @param pid           the peer's process id, when known
 * @param address       the peer's socket address, for sockets
 * @param principal     the peer's TLS principal, when TLS authenticated it
 * @param authenticated true when the peer proved it holds the shared authentication key, or TLS authenticated it
 */
public record PeerInfo(OptionalLong pid, Optional<SocketAddress> address, Optional<Principal> principal,
                       boolean authenticated) {

    private static final PeerInfo UNKNOWN = new PeerInfo(OptionalLong.empty(), Optional.empty(), Optional.empty(), false);

    /** Checks the parts are not null. */
    public PeerInfo {
        Objects.requireNonNull(pid, "pid");
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(principal, "principal");
    }

    /** @return a peer the transport knows nothing about */
    public static PeerInfo unknown() {
        return UNKNOWN;
    }

    /** @return a local peer process known by its pid */
    public static PeerInfo process(long pid) {
        return new PeerInfo(OptionalLong.of(pid), Optional.empty(), Optional.empty(), false);
    }

    /** @return a socket peer known by its address */
    public static PeerInfo remote(SocketAddress address) {
        return new PeerInfo(OptionalLong.empty(), Optional.of(address), Optional.empty(), false);
    }

    /** @return this peer with its process id */
    public PeerInfo withPid(long processId) {
        return new PeerInfo(OptionalLong.of(processId), address, principal, authenticated);
    }

    /** @return this peer with the principal TLS authenticated */
    public PeerInfo withPrincipal(Principal tlsPrincipal) {
        return new PeerInfo(pid, address, Optional.of(tlsPrincipal), true);
    }

    /** @return this peer, marked as having proved the shared authentication key */
    public PeerInfo withAuthenticated() {
        return new PeerInfo(pid, address, principal, true);
    }

    @Override
    public String toString() {
        StringBuilder text = new StringBuilder("peer");
        pid.ifPresent(p -> text.append(" process ").append(p));
        address.ifPresent(a -> text.append(" at ").append(a));
        principal.ifPresent(p -> text.append(" as ").append(p.getName()));
        if (authenticated && principal.isEmpty()) {
            text.append(" (authenticated)");
        }
        return text.length() == 4 ? "peer (unknown)" : text.toString();
    }
}
