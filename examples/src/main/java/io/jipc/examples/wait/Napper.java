package io.jipc.examples.wait;

/** A child that sleeps {@code args[0]} milliseconds and exits with status {@code args[1]}. */
public final class Napper {

    private Napper() {
    }

    public static void main(String[] args) throws InterruptedException {
        Thread.sleep(Long.parseLong(args[0]));
        System.exit(Integer.parseInt(args[1]));
    }
}
