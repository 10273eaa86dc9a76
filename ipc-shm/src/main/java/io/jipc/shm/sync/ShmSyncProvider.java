package io.jipc.shm.sync;

import java.util.Set;

import io.jipc.Endpoint;
import io.jipc.spi.SyncProvider;
import io.jipc.sync.IpcLock;
import io.jipc.sync.IpcSemaphore;

/** Backs {@link IpcLock#open(String)} and {@link IpcSemaphore#open(String, int)} for {@code shm:} endpoints. */
public final class ShmSyncProvider implements SyncProvider {

    /** Creates the provider; the {@link java.util.ServiceLoader} does. */
    public ShmSyncProvider() {
    }

    @Override
    public String scheme() {
        return "shm";
    }

    @Override
    public Set<String> parameters() {
        return Set.of();
    }

    @Override
    public IpcLock openLock(Endpoint endpoint) {
        return ShmLock.open(endpoint);
    }

    @Override
    public IpcSemaphore openSemaphore(Endpoint endpoint, int permits) {
        return ShmSemaphore.open(endpoint, permits);
    }

    @Override
    public void unlink(Endpoint endpoint) {
        SyncFile.unlink(endpoint);
    }
}
