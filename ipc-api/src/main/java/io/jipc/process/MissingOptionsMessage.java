package io.jipc.process;

import java.util.ArrayList;
import java.util.List;

/** The text of a {@link MissingJvmOptionsException}: what is missing, the options for this Java, how to add them. */
final class MissingOptionsMessage {

    private MissingOptionsMessage() {
    }

    static String of(List<String> missing, List<String> all) {
        int java = Runtime.version().feature();
        String line = String.join(" ", all);
        StringBuilder text = new StringBuilder();
        text.append("this JVM was started without ").append(String.join(" ", missing))
            .append(", which jipc's libraries need on Java ").append(java)
            .append(" (Agrona's buffers, under every jipc channel, segment and lock, read jdk.internal.misc.Unsafe).")
            .append(" Start the JVM with every option the jipc modules on this class path need on Java ").append(java)
            .append(":\n    ").append(line)
            .append("\nHow to add them:")
            .append("\n  - on the command line:   java ").append(line).append(" -cp app.jar com.example.Main")
            .append("\n  - in the environment:    export JDK_JAVA_OPTIONS=\"").append(line).append('"')
            .append(" (read by every java launcher, JDK 9+)");
        String manifest = manifest(all);
        if (!manifest.isEmpty()) {
            text.append("\n  - in an executable jar's manifest (java -jar only; -cp ignores it):").append(manifest);
        }
        text.append("\n  - Maven surefire/failsafe: <argLine>").append(line).append("</argLine>")
            .append("\n  - Maven exec:exec:        <argument>").append(String.join("</argument><argument>", all))
            .append("</argument> before <argument>-classpath</argument>; exec:java runs inside Maven's JVM: put them in")
            .append(" .mvn/jvm.config or MAVEN_OPTS")
            .append("\nChild JVMs started with io.jipc.process.JvmProcess get them automatically;")
            .append(" io.jipc.process.JvmOptions.forApplications() returns this list.");
        return text.toString();
    }

    /** @return the manifest lines that carry the exports, opens and native access, each on its own line */
    private static String manifest(List<String> all) {
        List<String> exports = new ArrayList<>();
        List<String> opens = new ArrayList<>();
        boolean nativeAccess = false;
        for (String option : all) {
            if (option.startsWith("--add-exports=")) {
                exports.add(target(option));
            } else if (option.startsWith("--add-opens=")) {
                opens.add(target(option));
            } else if (option.startsWith("--enable-native-access=")) {
                nativeAccess = true;
            }
        }
        StringBuilder lines = new StringBuilder();
        if (!exports.isEmpty()) {
            lines.append("\n      Add-Exports: ").append(String.join(" ", exports));
        }
        if (!opens.isEmpty()) {
            lines.append("\n      Add-Opens: ").append(String.join(" ", opens));
        }
        if (nativeAccess) {
            lines.append("\n      Enable-Native-Access: ALL-UNNAMED");
        }
        return lines.toString();
    }

    /** @return {@code java.base/jdk.internal.misc} of {@code --add-exports=java.base/jdk.internal.misc=ALL-UNNAMED} */
    private static String target(String option) {
        String spec = option.substring(option.indexOf('=') + 1);
        int equals = spec.indexOf('=');
        return equals < 0 ? spec : spec.substring(0, equals);
    }
}
