package io.jipc.mq;

import java.util.ArrayList;
import java.util.List;

import io.jipc.Endpoint;

/**
 * What must hold before Chronicle's classes are first used: its analytics call-home and its start-up announcement
 * are switched off (unless the user set the properties), and the JVM options it cannot work without are present
 * (without them Chronicle fails later with a misleading "read-only chronicle").
 */
final class ChronicleSetup {

    /** Chronicle's property switching its analytics off; jipc sets it to true unless the user set it. */
    static final String ANALYTICS_PROPERTY = "chronicle.analytics.disable";
    private static final String ANNOUNCER_PROPERTY = "chronicle.announcer.disable";

    static {
        disableByDefault(ANALYTICS_PROPERTY);
        disableByDefault(ANNOUNCER_PROPERTY);
    }

    private ChronicleSetup() {
    }

    private static void disableByDefault(String property) {
        if (System.getProperty(property) == null) {
            System.setProperty(property, "true");
        }
    }

    /**
     * Runs the static initializer (properties set) and checks the JVM options.
     *
     * @throws QueueException naming the missing options
     */
    static void ensure(Endpoint endpoint) {
        List<String> missing = missingOptions();
        if (!missing.isEmpty()) {
            throw new QueueException(endpoint, "Chronicle Queue needs the JVM options " + String.join(" ", missing)
                + " (io.jipc.process.JvmOptions.required() lists every option jipc needs; child JVMs started by"
                + " JvmProcess and jipc's executable jars get them automatically)");
        }
    }

    /** @return the options Chronicle needs for append and tail that this JVM lacks */
    static List<String> missingOptions() {
        Module self = ChronicleSetup.class.getModule();
        Module base = Object.class.getModule();
        List<String> missing = new ArrayList<>();
        if (!base.isExported("sun.nio.ch", self)) {
            missing.add("--add-exports=java.base/sun.nio.ch=ALL-UNNAMED");
        }
        if (!base.isOpen("java.lang.reflect", self)) {
            missing.add("--add-opens=java.base/java.lang.reflect=ALL-UNNAMED");
        }
        return missing;
    }
}
