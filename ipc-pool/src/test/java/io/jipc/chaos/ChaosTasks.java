package io.jipc.chaos;

/** What the chaos and soak pools run in their workers: small work or a short sleep, so two cores stay usable. */
final class ChaosTasks {

    private ChaosTasks() {
    }

    /** @return the answer {@link #work} gives for {@code input}, to check results by */
    static long expected(long input) {
        return input * 31 + 7;
    }

    /** Sleeps {@code millis}, then answers {@link #expected(long)}. */
    static long work(long input, int millis) throws InterruptedException {
        if (millis > 0) {
            Thread.sleep(millis);
        }
        return expected(input);
    }

    /** @return {@link #expected(long)} of {@code input}, at once */
    static long quick(long input) {
        return expected(input);
    }

    /** Fails on purpose, naming its input. */
    static long fail(long input) {
        throw new IllegalStateException("task " + input + " fails on purpose");
    }
}
