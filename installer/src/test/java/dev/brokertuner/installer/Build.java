package dev.brokertuner.installer;

import java.nio.file.Files;
import java.nio.file.Path;

/** Where the build left the packages, passed in by failsafe (see installer/pom.xml). */
record Build(Path repo, Path target, String version) {

    /** The current build; fails plainly when run outside Maven. */
    static Build current() {
        String repo = System.getProperty("bt.repo.dir");
        String target = System.getProperty("bt.installer.target");
        String version = System.getProperty("bt.version");
        if (repo == null || target == null || version == null) {
            throw new AssertionError("run through Maven (mvn verify): bt.repo.dir, bt.installer.target and bt.version "
                    + "are set by installer/pom.xml");
        }
        return new Build(Path.of(repo), Path.of(target), version);
    }

    Path agentDeb() {
        return existing(target.resolve("broker-tuner-agent_" + version + "_all.deb"));
    }

    Path collectorDeb() {
        return existing(target.resolve("broker-tuner-collector_" + version + "_all.deb"));
    }

    Path tarball() {
        return existing(target.resolve("broker-tuner-" + version + ".tar.gz"));
    }

    Path unit(String name) {
        return existing(repo.resolve("systemd").resolve(name));
    }

    Path agentTarget() {
        return repo.resolve("agent/target");
    }

    Path collectorTarget() {
        return repo.resolve("collector/target");
    }

    private static Path existing(Path p) {
        if (!Files.isRegularFile(p)) {
            throw new AssertionError(p + " was not built (the package phase of the installer module makes it)");
        }
        return p;
    }
}
