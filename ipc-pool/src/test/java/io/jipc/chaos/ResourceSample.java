package io.jipc.chaos;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.ToLongFunction;

/**
 * What this JVM holds at one moment, read from {@code /proc/self} after a garbage collection (closed shm channels
 * and sync files are unmapped by it): open file descriptors, memory mappings, native threads and resident memory.
 *
 * @param atMillis    when, since the soak began
 * @param descriptors entries of {@code /proc/self/fd}
 * @param mappings    lines of {@code /proc/self/maps}
 * @param threads     {@code Threads:} of {@code /proc/self/status} (every native thread, the JVM's own included)
 * @param residentKib {@code VmRSS:} of {@code /proc/self/status}, KiB
 */
record ResourceSample(long atMillis, long descriptors, long mappings, long threads, long residentKib) {

    private static final Path SELF = Paths.get("/proc/self");

    /** Collects garbage, lets the cleaners unmap what it freed, then reads. */
    static ResourceSample take(long atMillis) throws InterruptedException {
        System.gc();
        Thread.sleep(100);
        System.gc();
        try {
            long descriptors = 0;
            try (DirectoryStream<Path> fds = Files.newDirectoryStream(SELF.resolve("fd"))) {
                for (Path ignored : fds) {
                    descriptors++;
                }
            }
            long mappings = Files.readAllLines(SELF.resolve("maps"), StandardCharsets.UTF_8).size();
            long threads = 0;
            long resident = 0;
            for (String line : Files.readAllLines(SELF.resolve("status"), StandardCharsets.UTF_8)) {
                if (line.startsWith("Threads:")) {
                    threads = number(line);
                } else if (line.startsWith("VmRSS:")) {
                    resident = number(line);
                }
            }
            return new ResourceSample(atMillis, descriptors, mappings, threads, resident);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static long number(String statusLine) {
        return Long.parseLong(statusLine.replaceAll("[^0-9]", ""));
    }

    /**
     * Whether one resource stayed flat over a run: the median of its last quarter of samples exceeds the median of
     * its first quarter by no more than {@code slack}. Medians, so that one sample taken while a worker was being
     * replaced does not count; quarters, so that a leak shows as the distance between them however long the run.
     *
     * @return a line saying how it grew beyond the slack, or null when it stayed flat
     */
    static String growth(List<ResourceSample> samples, String name, ToLongFunction<ResourceSample> value, long slack) {
        int quarter = Math.max(1, samples.size() / 4);
        long first = median(samples.subList(0, quarter), value);
        long last = median(samples.subList(samples.size() - quarter, samples.size()), value);
        return last - first > slack ? name + " grew from " + first + " to " + last + " (medians of the first and last "
            + quarter + " samples; slack " + slack + ")" : null;
    }

    private static long median(List<ResourceSample> samples, ToLongFunction<ResourceSample> value) {
        long[] values = samples.stream().mapToLong(value).toArray();
        Arrays.sort(values);
        return values[values.length / 2];
    }

    /** @return the samples as a table, for the log and for failure messages */
    static String table(List<ResourceSample> samples) {
        List<String> rows = new ArrayList<>();
        rows.add(String.format("%8s %6s %6s %6s %10s", "ms", "fds", "maps", "thr", "rss KiB"));
        for (ResourceSample s : samples) {
            rows.add(String.format("%8d %6d %6d %6d %10d", s.atMillis(), s.descriptors(), s.mappings(), s.threads(),
                s.residentKib()));
        }
        return String.join("\n", rows);
    }
}
