package dev.brokertuner.agent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.brokertuner.report.CheckStatus;
import dev.brokertuner.report.DataDir;
import dev.brokertuner.report.Problem;
import dev.brokertuner.report.Report;
import dev.brokertuner.report.ReportJson;
import dev.brokertuner.report.ReportValidator;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code inspect --log-dirs} with an entry that does not exist, on this machine's own {@code /proc} (so the
 * filesystem is asked): a problem names the path, the data dir carries {@code exists=false} and no mount, the rules
 * say unknown for it, and the existing one beside it is judged as usual.
 */
class MissingLogDirTest {
    @Test
    void aLogDirThatDoesNotExistIsAProblemNotItsNearestMount(@TempDir Path dir) throws Exception {
        Path present = Files.createDirectories(dir.resolve("kafka-1"));
        String missing = dir.resolve("kafak-2").toString();
        CliRun run = CliRun.of("inspect", "--sample-seconds", "0", "--no-broker", "--format", "json",
                "--log-dirs", present + "," + missing);
        assertThat(run.exitCode()).as(run.err()).isZero();
        byte[] json = run.out().getBytes(StandardCharsets.UTF_8);
        assertThat(new ReportValidator().validate(json)).isEmpty();
        Report r = new ReportJson().read(json);
        assertThat(r.host().dataDirs()).extracting(DataDir::path, DataDir::exists)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(present.toString(), true),
                        org.assertj.core.groups.Tuple.tuple(missing, false));
        DataDir gone = r.host().dataDirs().get(1);
        assertThat(gone.mountPoint()).isNull();
        assertThat(gone.fsType()).isNull();
        assertThat(gone.devices()).isEmpty();
        assertThat(r.host().dataDirs().get(0).mountPoint()).isNotNull();
        assertThat(r.problems()).filteredOn(p -> p.source().equals("datadir:" + missing)).singleElement()
                .extracting(Problem::message).asString().contains(missing + " does not exist", "not judged");
        assertThat(r.findings()).noneMatch(f -> f.subject().contains("kafak-2"));
        assertThat(r.checks()).filteredOn(c -> c.subject().contains("kafak-2"))
                .isNotEmpty().allMatch(c -> c.status() == CheckStatus.UNKNOWN)
                .anyMatch(c -> c.ruleId().equals("broker.disk.fill") && c.detail().contains("does not exist"));
    }
}
