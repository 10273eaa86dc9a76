package io.jipc.cli;

import java.util.stream.Collectors;

import io.jipc.shm.ShmObject;

/** One line saying what is inside an object, for {@code jipc ls}. */
final class Summary {

    private Summary() {
    }

    /** @return e.g. {@code held by 4242 alive}, {@code 3/5 permits free}, {@code client 4250 alive, server 4242 alive} */
    static String of(ShmObject.Contents contents) {
        if (contents instanceof ShmObject.Server server) {
            return (server.open() ? "open" : "closed") + ", next channel " + server.nextChannelId();
        }
        if (contents instanceof ShmObject.Channel channel) {
            return side(channel.client()) + ", " + side(channel.server());
        }
        if (contents instanceof ShmObject.Data data) {
            return data.elementType() + " data, " + Format.bytes(data.dataLength());
        }
        if (contents instanceof ShmObject.Sync sync) {
            String holders = sync.holders().stream().map(h -> "holder " + Format.process(h)).collect(Collectors.joining(", "));
            if (sync.permits() == 1) {
                return sync.holders().isEmpty() ? "free" + (sync.freedByDeath() > 0 ? " (last holder died)" : "") : holders;
            }
            return sync.available() + "/" + sync.permits() + " permits free" + (holders.isEmpty() ? "" : ", " + holders);
        }
        if (contents instanceof ShmObject.Temporary temporary) {
            return "being created as " + temporary.target();
        }
        return "";
    }

    private static String side(ShmObject.Side side) {
        return side.process() == null ? "not accepted" : side.process().role() + " " + Format.process(side.process())
            + (side.state().equals("open") ? "" : " " + side.state());
    }
}
