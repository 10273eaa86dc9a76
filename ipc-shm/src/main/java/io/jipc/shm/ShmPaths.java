package io.jipc.shm;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

import io.jipc.Endpoint;
import io.jipc.EndpointException;

/**
 * Where an {@code shm:} address lives on disk. An absolute address is used as is; a relative one is placed under
 * {@code /dev/shm}. Where {@code /dev/shm} is absent (macOS, some containers) both go under
 * {@code ${java.io.tmpdir}/jipc-shm-<user>} instead, so every process of one user on one machine resolves an
 * address the same way (the directory is owner-only: one per user, so several users each have theirs).
 * Public so that every {@code shm:} file (channels, segments, locks) and a user looking for one agree.
 */
public final class ShmPaths {

    static final Path DEV_SHM = Paths.get("/dev/shm");

    private ShmPaths() {
    }

    /**
     * @return the file of an endpoint
     * @throws EndpointException when the address is empty or names a directory
     */
    public static Path resolve(Endpoint endpoint) {
        return resolve(endpoint, Files.isDirectory(DEV_SHM));
    }

    /** @see #resolve(Endpoint); {@code devShm} tells whether this machine has /dev/shm */
    static Path resolve(Endpoint endpoint, boolean devShm) {
        String address = endpoint.address();
        if (address.isEmpty() || address.endsWith("/")) {
            throw new EndpointException(endpoint, "an shm: address names a file, e.g. shm:/dev/shm/app/orders or shm:app/orders");
        }
        Path path = Paths.get(address);
        if (path.isAbsolute()) {
            if (!devShm && path.startsWith(DEV_SHM)) {
                path = fallbackRoot().resolve(DEV_SHM.relativize(path));
            }
        } else {
            path = (devShm ? DEV_SHM : fallbackRoot()).resolve(path);
        }
        return path.normalize();
    }

    /** @return where shared-memory files go when the machine has no /dev/shm: one owner-only directory per user */
    static Path fallbackRoot() {
        String user = System.getProperty("user.name", "unknown").replaceAll("[^A-Za-z0-9._-]", "_");
        return Paths.get(System.getProperty("java.io.tmpdir"), "jipc-shm-" + user);
    }
}
