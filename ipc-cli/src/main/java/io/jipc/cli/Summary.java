package io.jipc.cli;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.jipc.shm.ShmObject;

/** One line saying what is inside an object, for {@code jipc ls}. */
final class Summary {

    private Summary() {
    }

    /** @return e.g. {@code holder 4242 alive 12s}, {@code 3/5 permits free}, {@code client 4250 alive, server 4242 alive} */
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
            List<String> each = new ArrayList<>();
            for (int i = 0; i < sync.holders().size(); i++) {
                Duration heldFor = sync.heldFor().get(i);
                each.add("holder " + Format.process(sync.holders().get(i)) + (heldFor == null ? "" : " " + Format.duration(heldFor)));
            }
            String holders = String.join(", ", each);
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
