package dev.brokertuner.collector.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {
    private final ConfigLoader loader = new ConfigLoader();

    @Test
    void appliesDefaultsAndFlags(@TempDir Path dir) throws Exception {
        Path tokens = Files.writeString(dir.resolve("tokens"), "team-a aaaaaaaaaaaaaaaaaaaa\n");
        CollectorConfig c = loader.parse("tokensFile: " + tokens + "\n", null,
                new Overrides(null, dir.resolve("data").toString(), null, "open"));
        assertThat(c.listenHost()).isEqualTo("0.0.0.0");
        assertThat(c.listenPort()).isEqualTo(9798);
        assertThat(c.retentionDays()).isEqualTo(14);
        assertThat(c.staleAfterSeconds()).isEqualTo(90);
        assertThat(c.maxBodyBytes()).isEqualTo(1 << 20);
        assertThat(c.viewers()).isEqualTo(CollectorConfig.Viewers.OPEN);
        assertThat(c.dataDir()).isEqualTo(dir.resolve("data"));
        assertThat(c.tokens().names()).containsExactly("team-a");
        assertThat(c.tls()).isNull();
    }

    @Test
    void listsEveryProblemAtOnceWithoutEchoingTokens(@TempDir Path dir) throws Exception {
        Path tokens = Files.writeString(dir.resolve("tokens"), """
                # comment
                team-a tiny-tok
                team-b bbbbbbbbbbbbbbbbbbbbbbbb extra
                team-c cccccccccccccccccccccccc
                team-c dddddddddddddddddddddddd
                """);
        String yaml = """
                listen: nowhere
                tokensFile: %s
                viewers: everyone
                retentionDays: 0
                staleAfterSeconds: soon
                tls: {certFile: /nonexistent.pem}
                colour: blue
                """.formatted(tokens);
        assertThatThrownBy(() -> loader.parse(yaml, null, Overrides.none()))
                .isInstanceOfSatisfying(ConfigException.class, e -> {
                    assertThat(e.problems()).anyMatch(p -> p.startsWith("listen: 'nowhere' must be HOST:PORT"))
                            .anyMatch(p -> p.contains("line 2: the token of 'team-a' is shorter than 16"))
                            .anyMatch(p -> p.contains("line 3: expected 'NAME TOKEN'"))
                            .anyMatch(p -> p.contains("line 5: name 'team-c' appears twice"))
                            .anyMatch(p -> p.startsWith("viewers: 'everyone'"))
                            .anyMatch(p -> p.startsWith("retentionDays: 0 is out of range"))
                            .anyMatch(p -> p.startsWith("staleAfterSeconds: must be a whole number"))
                            .anyMatch(p -> p.startsWith("tls: both certFile and keyFile are required"))
                            .anyMatch(p -> p.startsWith("colour: unknown key"));
                    assertThat(String.join("\n", e.problems())).doesNotContain("tiny-tok", "bbbbbbbb", "dddddddd");
                });
    }

    @Test
    void aMissingTokensFileIsAProblem(@TempDir Path dir) {
        assertThatThrownBy(() -> loader.parse("tokensFile: " + dir.resolve("none"), null, Overrides.none()))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems())
                        .singleElement().asString().startsWith("tokensFile: cannot read"));
    }

    @Test
    void wrongTypesAreRefusedNotCoerced(@TempDir Path dir) throws Exception {
        Path tokens = Files.writeString(dir.resolve("tokens"), "team-a aaaaaaaaaaaaaaaaaaaa\n");
        assertThatThrownBy(() -> loader.parse("tokensFile: " + tokens + "\ndataDir: 5\nlisten: [a]\n"
                + "maxConcurrentPerToken: many\nheaderTimeoutSeconds: 0\n", null, Overrides.none()))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems())
                        .anyMatch(p -> p.equals("dataDir: must be a string, got a number '5'"))
                        .anyMatch(p -> p.startsWith("listen: must be a string, got a list"))
                        .anyMatch(p -> p.startsWith("maxConcurrentPerToken: must be a whole number"))
                        .anyMatch(p -> p.startsWith("headerTimeoutSeconds: 0 is out of range")));
    }

    @Test
    void aYamlErrorKeepsItsLineColumnAndReason() {
        assertThatThrownBy(() -> loader.parse("listen: 127.0.0.1:9798\ndataDir: [unclosed\n", null,
                Overrides.none()))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems()).singleElement()
                        .asString().matches("not valid YAML at line \\d+, column \\d+: .+"));
    }

    @Test
    void readsTheIngestAndConnectionLimits(@TempDir Path dir) throws Exception {
        Path tokens = Files.writeString(dir.resolve("tokens"), "team-a aaaaaaaaaaaaaaaaaaaa\n"
                + "relay bbbbbbbbbbbbbbbbbbbb writes=*\nops cccccccccccccccccccc writes=team-a\n");
        CollectorConfig d = loader.parse("tokensFile: " + tokens + "\n", null, Overrides.none());
        assertThat(d.ingest().memoryBytes()).isEqualTo(Runtime.getRuntime().maxMemory() / 4);
        assertThat(d.ingest().perToken()).isEqualTo(64);
        assertThat(d.ingest().maxSkewSeconds()).isEqualTo(300);
        assertThat(d.connections()).isEqualTo(new CollectorConfig.Connections(10, 30, 256));
        assertThat(d.tokens().mayWriteFor("relay", "team-a")).isTrue();
        assertThat(d.tokens().mayWriteFor("ops", "team-a")).isTrue();
        assertThat(d.tokens().mayWriteFor("ops", "relay")).isFalse();
        assertThat(d.tokens().mayWriteFor("team-a", "ops")).isFalse();
        CollectorConfig c = loader.parse("tokensFile: " + tokens + "\ningestMemoryBytes: 33554432\n"
                + "maxConcurrentPerToken: 8\nmaxClockSkewSeconds: 60\nheaderTimeoutSeconds: 5\n"
                + "bodyTimeoutSeconds: 20\nmaxConnectionsPerAddress: 16\n", null, Overrides.none());
        assertThat(c.ingest()).isEqualTo(new CollectorConfig.Ingest(32L << 20, 8, 60));
        assertThat(c.connections()).isEqualTo(new CollectorConfig.Connections(5, 20, 16));
        Files.writeString(tokens, "team-a aaaaaaaaaaaaaaaaaaaa writes=\n");
        assertThatThrownBy(() -> loader.parse("tokensFile: " + tokens + "\n", null, Overrides.none()))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems()).singleElement()
                        .asString().contains("line 1: writes= must be '*'"));
    }
}
