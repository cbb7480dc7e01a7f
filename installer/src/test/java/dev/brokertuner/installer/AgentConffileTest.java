package dev.brokertuner.installer;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The shipped {@code /etc/broker-tuner/agent.yaml} mentions every key that docs/config.md documents for the agent. */
class AgentConffileTest {
    private static final Pattern KEY_ROW = Pattern.compile("^\\| `([a-zA-Z.<>]+)` \\|");

    @Test
    void everyDocumentedAgentKeyAppearsInTheConffile() throws IOException {
        Path repo = Path.of(System.getProperty("bt.repo.dir", ".."));
        String doc = Files.readString(repo.resolve("docs/config.md"));
        String agentSection = doc.substring(doc.indexOf("## Agent"), nextSection(doc, doc.indexOf("## Agent")));
        String conffile = Files.readString(repo.resolve("installer/src/common/etc/agent.yaml"));
        List<String> keys = agentSection.lines().map(KEY_ROW::matcher).filter(Matcher::find).map(m -> m.group(1))
                .toList();
        assertThat(keys).as("keys parsed from docs/config.md").contains("listen", "collector.outboxDir");
        for (String key : keys) {
            if (key.contains("<")) {
                assertThat(conffile).as("agent.yaml has an example for " + key).contains("#rules:");
                continue; // rules.<id>...: the commented example entries stand for the family
            }
            String leaf = key.substring(key.lastIndexOf('.') + 1);
            assertThat(conffile).as("agent.yaml mentions " + key).containsPattern("(?m)^#\\s*" + leaf + ":");
        }
    }

    private static int nextSection(String doc, int from) {
        int next = doc.indexOf("\n## ", from + 3);
        return next < 0 ? doc.length() : next;
    }
}
