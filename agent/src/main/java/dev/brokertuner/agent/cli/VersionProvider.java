package dev.brokertuner.agent.cli;

import dev.brokertuner.agent.AgentVersion;
import picocli.CommandLine;

/** Prints the version for {@code --version}. */
public final class VersionProvider implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
        return new String[] {"broker-tuner " + AgentVersion.get()};
    }
}
