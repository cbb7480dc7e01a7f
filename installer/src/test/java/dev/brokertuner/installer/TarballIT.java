package dev.brokertuner.installer;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code broker-tuner-VERSION.tar.gz}: install.sh and the payload of both packages under one top directory. */
class TarballIT {
    private final Build build = Build.current();

    @Test
    void holdsInstallScriptLaunchersJarsConfigsUnitsAndDocs() {
        Tools.require("tar", "tar");
        String top = "broker-tuner-" + build.version() + "/";
        List<String> lines = Command.ok("tar", "-tzvf", build.tarball().toString()).lines();
        List<String> names = lines.stream().map(l -> l.substring(l.lastIndexOf(' ') + 1)).toList();
        assertThat(names).allMatch(n -> n.startsWith(top));
        assertThat(names).contains(top + "install.sh", top + "VERSION", top + "bin/broker-tuner",
                top + "bin/broker-tuner-collector", top + "lib/agent/broker-tuner-agent.jar",
                top + "lib/agent/picocli-4.7.7.jar", top + "etc/agent.yaml", top + "etc/collector.yaml",
                top + "default/broker-tuner-agent", top + "systemd/broker-tuner-agent.service",
                top + "systemd/broker-tuner-collector.service", top + "systemd/read-broker-maps.conf",
                top + "man/broker-tuner.1", top + "doc/install.md", top + "doc/copyright");
        assertThat(names).anyMatch(n -> n.matches(".*/lib/collector/broker-tuner-collector.*\\.jar"));
        assertThat(lines).filteredOn(l -> l.endsWith("/install.sh") || l.contains("/bin/broker-tuner"))
                .allSatisfy(l -> assertThat(l).startsWith("-rwxr-xr-x"));
    }
}
