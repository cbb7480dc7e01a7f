package dev.brokertuner.installer;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Debian's own package checker finds no error in either .deb. Warnings are allowed: {@code codeless-jar} comes from
 * Guava's empty {@code listenablefuture} placeholder jar (and the collector's jar while that module has no classes).
 */
class LintianIT {
    private final Build build = Build.current();

    @Test
    void lintianReportsNoErrors() {
        Tools.require("lintian", "lintian");
        Command c = Command.run("lintian", "--allow-root", "--tag-display-limit", "0",
                build.agentDeb().toString(), build.collectorDeb().toString());
        List<String> errors = c.out().lines().filter(l -> l.startsWith("E: ")).toList();
        assertThat(errors).as(c.describe()).isEmpty();
        assertThat(c.exit()).as(c.describe()).isZero();
    }
}
