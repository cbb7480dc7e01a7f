package dev.brokertuner.agent.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.brokertuner.agent.gather.Snapshot;
import dev.brokertuner.report.Severity;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** One declared value answers every metadata method; rules still written method by method keep working. */
class RuleMetaTest {
    private static final RuleMeta META = new RuleMeta("host.test.meta", "A test rule.", Set.of(Source.HOST),
            List.of("a source"), Map.of("max", 3.0), Set.of(Severity.WARNING, Severity.INFO));

    /** Declares only its META, like the migrated built-in rules. */
    private static final class Declared implements Rule {
        @Override
        public RuleMeta meta() {
            return META;
        }

        @Override
        public List<Outcome> evaluate(Snapshot snapshot, Thresholds thresholds) {
            return List.of();
        }
    }

    /** The old way: each method overridden, no META. */
    private static final class Legacy implements Rule {
        @Override
        public String id() {
            return "host.test.legacy";
        }

        @Override
        public String description() {
            return "Legacy.";
        }

        @Override
        public Set<Source> requires() {
            return Set.of(Source.BROKER);
        }

        @Override
        public List<Outcome> evaluate(Snapshot snapshot, Thresholds thresholds) {
            return List.of();
        }
    }

    @Test
    void theRuleAnswersFromItsMeta() {
        Rule r = new Declared();
        assertThat(r.id()).isEqualTo("host.test.meta");
        assertThat(r.description()).isEqualTo("A test rule.");
        assertThat(r.requires()).containsExactly(Source.HOST);
        assertThat(r.thresholds()).containsExactly(Map.entry("max", 3.0));
    }

    @Test
    void thresholdsComeFromTheOverrideElseTheDeclaredDefault() {
        assertThat(META.threshold(Thresholds.defaults(), "max")).isEqualTo(3.0);
        assertThat(META.threshold(new Thresholds(Map.of("max", 5.0)), "max")).isEqualTo(5.0);
        assertThatThrownBy(() -> META.threshold(Thresholds.defaults(), "maxx"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("host.test.meta declares no "
                        + "threshold maxx");
    }

    @Test
    void aLegacyRuleStillWorksAndIsDocumentedAsBefore() {
        Rule r = new Legacy();
        assertThat(r.meta()).isNull();
        assertThat(r.thresholds()).isEmpty();
        String md = RuleDocs.render(new RuleCatalog(List.of(r)));
        assertThat(md).contains("| [`host.test.legacy`](#hosttestlegacy) | see rationale | broker | Legacy. |",
                "- Sources: see the rationale of its findings");
    }

    @Test
    void theDocsTakeSeveritiesAndSourcesFromTheMeta() {
        String md = RuleDocs.render(new RuleCatalog(List.of(new Declared())));
        assertThat(md).contains("| [`host.test.meta`](#hosttestmeta) | info, warning | host | A test rule. |",
                "  - `max`: 3", "- Sources:\n  - a source");
    }

    @Test
    void aRuleDeclaringNothingSaysSo() {
        Rule empty = (snapshot, thresholds) -> List.of();
        assertThatThrownBy(empty::id).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("declares no RuleMeta");
        assertThat(empty.thresholds()).isEmpty();
    }

    @Test
    void everyBuiltInRuleWithAMetaAnswersExactlyFromIt() {
        List<Rule> declared = RuleCatalog.builtIn().rules().stream().filter(r -> r.meta() != null).toList();
        assertThat(declared).extracting(Rule::id).contains("host.fs.noatime", "host.fs.type",
                "host.vm.max-map-count", "host.nofile", "broker.tiered-storage");
        for (Rule r : declared) {
            RuleMeta m = r.meta();
            assertThat(r.id()).isEqualTo(m.id());
            assertThat(r.description()).isEqualTo(m.description());
            assertThat(r.requires()).isEqualTo(m.requires());
            assertThat(r.thresholds()).isEqualTo(m.thresholds());
            assertThat(r).isInstanceOf(RuleDocs.Documented.class);
            assertThat(((RuleDocs.Documented) r).severities()).as(r.id()).isEqualTo(m.severities()).isNotEmpty();
            assertThat(((RuleDocs.Documented) r).sources()).as(r.id()).isEqualTo(m.sources()).isNotEmpty();
        }
    }
}
