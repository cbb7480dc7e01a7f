package dev.brokertuner.agent.rules;

import dev.brokertuner.report.Severity;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Renders {@code docs/rules.md} from a {@link RuleCatalog}: for each rule its id, the severities it can give, what it
 * needs, its thresholds with their defaults, its description and the sources its rationale cites. The committed file
 * is checked against this output by {@code RuleDocsTest}, so the docs cannot drift from the code.
 */
public final class RuleDocs {
    /**
     * What a rule tells the generated docs beyond {@link Rule}: the severities it can give and the sources it cites.
     * Rules that do not implement it and declare no {@link RuleMeta} are listed with "see rationale". A rule that
     * declares a {@link RuleMeta} gets both from it.
     */
    public interface Documented extends Rule {
        /** Every severity the rule's findings can carry. */
        default Set<Severity> severities() {
            RuleMeta meta = meta();
            return meta == null ? Set.of() : meta.severities();
        }

        /** Sources the rule's rationale cites (Kafka docs sections, kernel docs, vendor guides), with URLs. */
        default List<String> sources() {
            RuleMeta meta = meta();
            return meta == null ? List.of() : meta.sources();
        }
    }

    private RuleDocs() {
    }

    /** The Markdown for the catalog. Deterministic: same catalog, same bytes. */
    public static String render(RuleCatalog catalog) {
        StringBuilder md = new StringBuilder();
        md.append("# Rules\n\n");
        md.append("<!-- Generated from RuleCatalog.builtIn() by dev.brokertuner.agent.rules.RuleDocs. Do not edit:\n");
        md.append("     regenerate with `mvn -B -pl agent -am verify -Dtest=RuleDocsTest -Dsurefire.failIfNoSpecifiedTests=false"
                + " -Dbt.regenerate=true`. -->\n\n");
        md.append("Every rule is pure: it reads the facts of one gathering and says, per subject, one of: a finding ");
        md.append("(with severity, current and recommended values, rationale, evidence and apply lines), ok, or ");
        md.append("unknown (an input could not be read, so it makes no claim). Thresholds can be overridden per rule ");
        md.append("in the agent config under `rules.<id>.thresholds`; `rules.<id>.enabled: false` switches a rule off ");
        md.append("and `rules.<id>.severity` replaces the severity of its findings.\n\n");
        md.append("| id | severities | needs | description |\n|---|---|---|---|\n");
        for (Rule r : catalog.rules()) {
            md.append("| [`").append(r.id()).append("`](#").append(anchor(r.id())).append(") | ")
                    .append(severities(r)).append(" | ").append(requires(r)).append(" | ")
                    .append(cell(r.description())).append(" |\n");
        }
        for (Rule r : catalog.rules()) {
            md.append("\n## `").append(r.id()).append("`\n\n");
            md.append(r.description()).append("\n\n");
            md.append("- Severities: ").append(severities(r)).append('\n');
            md.append("- Needs: ").append(requires(r)).append('\n');
            Map<String, Double> th = new TreeMap<>(r.thresholds());
            if (th.isEmpty()) {
                md.append("- Thresholds: none\n");
            } else {
                md.append("- Thresholds (default):\n");
                th.forEach((k, v) -> md.append("  - `").append(k).append("`: ").append(number(v)).append('\n'));
            }
            List<String> sources = sources(r);
            if (!sources.isEmpty()) {
                md.append("- Sources:\n");
                sources.forEach(s -> md.append("  - ").append(s).append('\n'));
            } else {
                md.append("- Sources: see the rationale of its findings\n");
            }
        }
        return md.toString();
    }

    private static String severities(Rule r) {
        Set<Severity> declared = r instanceof Documented d ? d.severities()
                : r.meta() != null ? r.meta().severities() : null;
        if (declared == null) {
            return "see rationale";
        }
        Set<Severity> s = declared.isEmpty() ? Set.of() : EnumSet.copyOf(declared);
        return s.stream().sorted().map(Severity::wire).collect(Collectors.joining(", "));
    }

    private static List<String> sources(Rule r) {
        return r instanceof Documented d ? d.sources() : r.meta() != null ? r.meta().sources() : List.of();
    }

    private static String requires(Rule r) {
        return r.requires().stream().sorted().map(s -> s.name().toLowerCase(Locale.ROOT))
                .collect(Collectors.joining(", "));
    }

    private static String anchor(String id) {
        return id.replace(".", "");
    }

    private static String cell(String s) {
        return s.replace("|", "\\|").replace("\n", " ");
    }

    private static String number(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? String.valueOf((long) v) : String.valueOf(v);
    }
}
