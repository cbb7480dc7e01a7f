package dev.brokertuner.agent.rules;

import dev.brokertuner.agent.rules.host.CpuGovernorRule;
import dev.brokertuner.agent.rules.host.DiskUtilizationRule;
import dev.brokertuner.agent.rules.host.FsTypeRule;
import dev.brokertuner.agent.rules.host.IoSchedulerRule;
import dev.brokertuner.agent.rules.host.MaxMapCountRule;
import dev.brokertuner.agent.rules.host.NetErrorsRule;
import dev.brokertuner.agent.rules.host.NicSpeedRule;
import dev.brokertuner.agent.rules.host.NicUtilizationRule;
import dev.brokertuner.agent.rules.host.NoatimeRule;
import dev.brokertuner.agent.rules.host.NofileRule;
import dev.brokertuner.agent.rules.host.RaidDegradedRule;
import dev.brokertuner.agent.rules.host.RaidLevelRule;
import dev.brokertuner.agent.rules.host.RaidResyncRule;
import dev.brokertuner.agent.rules.host.SocketBufferMaxRule;
import dev.brokertuner.agent.rules.host.SwappinessRule;
import dev.brokertuner.agent.rules.host.TransparentHugePagesRule;
import java.util.List;

/** The host rules, in report order. One line per rule. */
public final class HostRules {
    private HostRules() {
    }

    public static List<Rule> all() {
        return List.of(
                new FsTypeRule(),
                new NoatimeRule(),
                new RaidLevelRule(),
                new RaidDegradedRule(),
                new RaidResyncRule(),
                new SwappinessRule(),
                new MaxMapCountRule(),
                new NofileRule(),
                new SocketBufferMaxRule(),
                new NicSpeedRule(),
                new DiskUtilizationRule(),
                new IoSchedulerRule(),
                new TransparentHugePagesRule(),
                new CpuGovernorRule(),
                new NicUtilizationRule(),
                new NetErrorsRule()
        );
    }
}
