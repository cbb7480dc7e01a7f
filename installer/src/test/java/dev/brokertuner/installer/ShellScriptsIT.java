package dev.brokertuner.installer;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every shell script the packages and the tarball ship passes {@code shellcheck} as POSIX sh
 * without warnings or errors (style and info notes are not gated). */
class ShellScriptsIT {
    private final Build build = Build.current();

    @Test
    void shippedScriptsPassShellcheck() {
        Tools.require("shellcheck", "shellcheck");
        Path installer = build.repo().resolve("installer/src");
        List<String> argv = new ArrayList<>(List.of("shellcheck", "-s", "sh", "-S", "warning"));
        for (Path p : List.of(installer.resolve("tarball/install.sh"),
                installer.resolve("common/bin/broker-tuner-collector"), build.repo().resolve("bin/broker-tuner"),
                build.repo().resolve("bin/broker-tuner-collector"))) {
            argv.add(p.toString());
        }
        for (String pkg : List.of("agent", "collector")) {
            for (String script : List.of("postinst", "prerm", "postrm")) {
                argv.add(installer.resolve("deb/" + pkg + "/control/" + script).toString());
            }
        }
        Command c = Command.run(argv.toArray(String[]::new));
        assertThat(c.exit()).as(c.describe()).isZero();
    }
}
