package dev.brokertuner.agent.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.reflect.Modifier;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class RuleCatalogTest {
    private final RuleCatalog catalog = RuleCatalog.builtIn();

    static List<String> duplicateIds(RuleCatalog c) {
        return c.rules().stream().collect(Collectors.groupingBy(Rule::id, Collectors.counting())).entrySet().stream()
                .filter(e -> e.getValue() > 1).map(java.util.Map.Entry::getKey).sorted().toList();
    }

    @Test
    void idsAreUnique() {
        assertThat(duplicateIds(catalog)).as("rule ids registered twice").isEmpty();
    }

    @Test
    void theDuplicateCheckCatchesDuplicates() {
        Rule any = catalog.rules().get(0);
        assertThat(duplicateIds(new RuleCatalog(List.of(any, any)))).containsExactly(any.id());
    }

    @Test
    void everyRuleClassUnderTheRulesPackageIsInTheCatalog() throws Exception {
        Set<Class<?>> inCatalog = catalog.rules().stream().map(Object::getClass).collect(Collectors.toSet());
        List<Class<?>> implementations = ruleClasses();
        assertThat(implementations).as("Rule classes found under " + classesRoot()).isNotEmpty();
        assertThat(inCatalog).as("add the missing rules to HostRules.all() or BrokerRules.all()")
                .containsAll(implementations);
    }

    @Test
    void idsDescriptionsAndThresholdsAreWellFormed() {
        for (Rule r : catalog.rules()) {
            assertThat(r.id()).as("id of " + r.getClass().getSimpleName())
                    .matches("(host|broker|workload)(\\.[a-z0-9-]+)+");
            assertThat(r.description()).as(r.id()).isNotBlank().doesNotContain("\n");
            assertThat(r.requires()).as(r.id()).isNotEmpty();
            r.thresholds().forEach((k, v) -> assertThat(v).as(r.id() + " threshold " + k).isNotNaN());
        }
    }

    @Test
    void hostRulesCiteTheirSources() {
        for (Rule r : HostRules.all()) {
            assertThat(r).as(r.id()).isInstanceOf(RuleDocs.Documented.class);
            assertThat(((RuleDocs.Documented) r).sources()).as(r.id()).isNotEmpty();
            assertThat(((RuleDocs.Documented) r).severities()).as(r.id()).isNotEmpty();
        }
        assertThat(HostRules.all()).extracting(Rule::id).contains("host.fs.type", "host.fs.noatime",
                "host.raid.level", "host.raid.degraded", "host.raid.resync", "host.vm.swappiness",
                "host.vm.max-map-count", "host.nofile", "host.net.socket-buffer-max", "host.nic.speed",
                "host.disk.utilization", "host.nic.utilization");
    }

    private static Path classesRoot() throws URISyntaxException {
        return Path.of(Rule.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    }

    /** Concrete, named {@link Rule} classes compiled under {@code dev/brokertuner/agent/rules}. */
    private static List<Class<?>> ruleClasses() throws IOException, URISyntaxException {
        Path root = classesRoot();
        Path pkg = root.resolve("dev/brokertuner/agent/rules");
        if (!Files.isDirectory(pkg)) {
            throw new AssertionError("compiled rules not found at " + pkg + " (run through Maven)");
        }
        Function<Path, Class<?>> load = p -> {
            String name = root.relativize(p).toString().replace('/', '.').replaceAll("\\.class$", "");
            try {
                return Class.forName(name, false, RuleCatalogTest.class.getClassLoader());
            } catch (ClassNotFoundException e) {
                throw new AssertionError(e);
            }
        };
        try (Stream<Path> files = Files.walk(pkg)) {
            return files.filter(p -> p.toString().endsWith(".class")).map(load)
                    .filter(Rule.class::isAssignableFrom)
                    .filter(c -> !c.isInterface() && !Modifier.isAbstract(c.getModifiers()))
                    .filter(c -> !c.isAnonymousClass() && !c.isSynthetic())
                    .collect(Collectors.toList());
        }
    }
}
