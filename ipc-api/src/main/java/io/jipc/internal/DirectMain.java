package io.jipc.internal;

/**
 * Marks a main class that {@link io.jipc.process.JvmProcess} starts directly rather than through {@link ChildMain}:
 * its {@code main} calls {@link ChildMain#prepare()} before anything else. {@code ChildMain} calls a main class by
 * reflection, and on JDK 18 and later the first reflective call spins method-handle classes, which no class-data
 * archive or ahead-of-time cache keeps: 7 to 12 ms of a pool worker's start on JDK 25. For jipc's own main classes;
 * not API.
 */
public interface DirectMain {
}
