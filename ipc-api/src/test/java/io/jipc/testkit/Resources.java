package io.jipc.testkit;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.jipc.process.JvmProcess;

/**
 * What one test opened (servers, channels, child JVMs), kept so that {@link #closeAll()} can close it whatever the
 * test did. Not thread-safe: the test's thread.
 */
public final class Resources {

    private final List<AutoCloseable> open = new ArrayList<>();

    /** Keeps {@code resource} for {@link #closeAll()}. @return it */
    public <T extends AutoCloseable> T track(T resource) {
        open.add(resource);
        return resource;
    }

    /** Forgets {@code resource}: the test let go of it (to see it collected, say). */
    public void untrack(AutoCloseable resource) {
        open.remove(resource);
    }

    /**
     * Kills every child JVM tracked and waits (up to 10 s each) until it is gone, then closes everything tracked, last
     * first: a channel closed while its peer still ran would leave its file to a peer that is killed next, and no
     * close waits on a peer the test gave up on. Every resource is closed even when one fails.
     *
     * @throws Exception the first failure, the others suppressed in it
     */
    public void closeAll() throws Exception {
        for (AutoCloseable resource : open) {
            if (resource instanceof JvmProcess process) {
                process.kill();
            }
        }
        for (AutoCloseable resource : open) {
            if (resource instanceof JvmProcess process) {
                process.join(Duration.ofSeconds(10));
            }
        }
        Exception first = null;
        for (int i = open.size() - 1; i >= 0; i--) {
            AutoCloseable resource = open.get(i);
            try {
                resource.close();
            } catch (Exception e) {
                if (first == null) {
                    first = e;
                } else {
                    first.addSuppressed(e);
                }
            }
        }
        open.clear();
        if (first != null) {
            throw first;
        }
    }
}
