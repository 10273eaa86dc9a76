package io.jipc.manager.children;

import io.jipc.manager.Manager;

/** Makes one slow transfer on Account {@code args[1]}: {@code <endpoint> <account> <amount> <pause ms>}. */
public final class Transferer {

    private Transferer() {
    }

    public static void main(String[] args) {
        try (Manager manager = Manager.connect(args[0])) {
            manager.proxy(args[1], Account.class).transfer(Long.parseLong(args[2]), Long.parseLong(args[3]));
        }
    }
}
