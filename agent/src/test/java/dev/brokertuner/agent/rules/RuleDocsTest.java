package dev.brokertuner.agent.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * Fails when {@code docs/rules.md} differs from what {@link RuleDocs} renders for the built-in catalog. Regenerate
 * with {@code mvn -B -pl agent -am verify -Dtest=RuleDocsTest -Dsurefire.failIfNoSpecifiedTests=false
 * -Dbt.regenerate=true}.
 */
class RuleDocsTest {
    private static final String REGENERATE = "mvn -B -pl agent -am verify -Dtest=RuleDocsTest "
            + "-Dsurefire.failIfNoSpecifiedTests=false -Dbt.regenerate=true";

    @Test
    void committedRulesMarkdownIsCurrent() throws Exception {
        String repo = System.getProperty("bt.repo.dir");
        assertThat(repo).as("system property bt.repo.dir (set by surefire to the repository root)").isNotBlank();
        Path file = Path.of(repo, "docs", "rules.md");
        String rendered = RuleDocs.render(RuleCatalog.builtIn());
        if (Boolean.getBoolean("bt.regenerate")) {
            Files.createDirectories(file.getParent());
            Files.writeString(file, rendered, StandardCharsets.UTF_8);
        }
        assertThat(Files.exists(file)).as(file + " is missing; generate it with: " + REGENERATE).isTrue();
        String committed = Files.readString(file, StandardCharsets.UTF_8);
        assertThat(committed).as(file + " is stale; regenerate it with: " + REGENERATE).isEqualTo(rendered);
    }

    @Test
    void rendersEveryRuleWithThresholdsAndSources() {
        String md = RuleDocs.render(RuleCatalog.builtIn());
        for (Rule r : RuleCatalog.builtIn().rules()) {
            assertThat(md).contains("## `" + r.id() + "`", r.description());
            r.thresholds().keySet().forEach(k -> assertThat(md).contains("`" + k + "`"));
        }
        assertThat(md).contains("`min`: 262144", "Severities: info, warning, critical", "kafka.apache.org");
    }
}
