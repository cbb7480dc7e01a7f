package dev.brokertuner.collector.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code store:} section of collector.yaml. */
class StoreConfigTest {
    private final ConfigLoader loader = new ConfigLoader();

    private static String base(Path dir) throws Exception {
        Path tokens = Files.writeString(dir.resolve("tokens"), "team-a aaaaaaaaaaaaaaaaaaaa\n");
        return "tokensFile: " + tokens + "\ndataDir: " + dir.resolve("data") + "\n";
    }

    private static Path passwordFile(Path dir, String text, String mode) throws Exception {
        Path f = Files.writeString(dir.resolve("pg-password"), text);
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString(mode));
        return f;
    }

    @Test
    void h2IsTheDefault(@TempDir Path dir) throws Exception {
        CollectorConfig c = loader.parse(base(dir), null, Overrides.none());
        assertThat(c.store().type()).isEqualTo(CollectorConfig.Store.Type.H2);
        assertThat(loader.parse(base(dir) + "store: {type: h2}\n", null, Overrides.none()).store())
                .isEqualTo(CollectorConfig.Store.h2());
    }

    @Test
    void postgresReadsThePasswordFromItsFileAndNeverShowsIt(@TempDir Path dir) throws Exception {
        Path pw = passwordFile(dir, "s3cret-pass\n", "rw-r-----");
        CollectorConfig c = loader.parse(base(dir) + """
                store:
                  type: postgres
                  url: "jdbc:postgresql://db:5432/fleet"
                  user: bt
                  passwordFile: %s
                  maxPoolSize: 16
                """.formatted(pw), null, Overrides.none());
        assertThat(c.store()).isEqualTo(new CollectorConfig.Store(CollectorConfig.Store.Type.POSTGRES,
                "jdbc:postgresql://db:5432/fleet", "bt", "s3cret-pass", 16));
        assertThat(c.store().toString()).doesNotContain("s3cret");
        assertThat(c.toString()).doesNotContain("s3cret");
    }

    @Test
    void aPasswordFileEveryUserMayReadIsRefused(@TempDir Path dir) throws Exception {
        Path pw = passwordFile(dir, "s3cret-pass\n", "rw-r--r--");
        String yaml = base(dir) + "store: {type: postgres, url: \"jdbc:postgresql://db/fleet\", user: bt, "
                + "passwordFile: " + pw + "}\n";
        assertThatThrownBy(() -> loader.parse(yaml, null, Overrides.none()))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems()).containsExactly(
                        "store.passwordFile: " + pw + " is readable by every user; chmod 600 (or 640 with the "
                                + "collector's group) it"));
    }

    @Test
    void listsEveryStoreProblemAtOnce(@TempDir Path dir) throws Exception {
        Path empty = passwordFile(dir, "\n", "rw-------");
        String yaml = base(dir) + """
                store:
                  type: postgres
                  url: "mysql://db/fleet"
                  passwordFile: %s
                  maxPoolSize: 0
                  schema: public
                """.formatted(empty);
        assertThatThrownBy(() -> loader.parse(yaml, null, Overrides.none()))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems())
                        .anyMatch(p -> p.startsWith("store.schema: unknown key"))
                        .anyMatch(p -> p.equals("store.url: 'mysql://db/fleet' must start with jdbc:postgresql://"))
                        .anyMatch(p -> p.startsWith("store.user: required with type: postgres"))
                        .anyMatch(p -> p.startsWith("store.maxPoolSize: must be a whole number 1-1000"))
                        .anyMatch(p -> p.equals("store.passwordFile: " + empty + " is empty; its first line is the "
                                + "password"))
                        .hasSize(5));
    }

    @Test
    void anUnknownTypeAndPostgresKeysOnH2AreProblems(@TempDir Path dir) throws Exception {
        assertThatThrownBy(() -> loader.parse(base(dir) + "store: {type: mongodb}\n", null, Overrides.none()))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems()).containsExactly(
                        "store.type: 'mongodb' must be 'h2' (embedded, one collector) or 'postgres' (shared by "
                                + "several collectors)"));
        assertThatThrownBy(() -> loader.parse(base(dir) + "store: {url: \"jdbc:postgresql://db/fleet\"}\n", null,
                Overrides.none()))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems()).containsExactly(
                        "store.url: only used with type: postgres (the H2 store lives in dataDir)"));
        assertThatThrownBy(() -> loader.parse(base(dir) + "store: {type: postgres, user: bt, url: "
                + "\"jdbc:postgresql://db/fleet?user=bt&password=hunter2\"}\n", null, Overrides.none()))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems()).containsExactly(
                        "store.url: holds a password; put it in store.passwordFile (the URL is logged and shown)"));
        assertThatThrownBy(() -> loader.parse(base(dir) + "store: [postgres]\n", null, Overrides.none()))
                .isInstanceOf(ConfigException.class).hasMessageContaining("store: must be a mapping");
    }
}
