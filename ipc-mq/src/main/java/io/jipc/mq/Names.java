package io.jipc.mq;

import java.util.regex.Pattern;

import io.jipc.Endpoint;
import io.jipc.EndpointException;

/** Subscription and group names become file names: letters, digits, '.', '_' and '-', not starting with '.'. */
final class Names {

    private static final Pattern VALID = Pattern.compile("[A-Za-z0-9_-][A-Za-z0-9._-]{0,127}");

    private Names() {
    }

    /** @throws EndpointException for a name that cannot be a file name */
    static String check(Endpoint endpoint, String name, String what) {
        if (name == null || !VALID.matcher(name).matches()) {
            throw new EndpointException(endpoint, "invalid " + what + " name '" + name + "': use 1 to 128 letters, digits,"
                + " '.', '_' or '-', not starting with '.'");
        }
        return name;
    }
}
