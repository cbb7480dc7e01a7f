package dev.brokertuner.agent.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.brokertuner.agent.apply.Shell;
import dev.brokertuner.agent.cli.Main;
import dev.brokertuner.agent.daemon.ApplyText;
import dev.brokertuner.report.DataDir;
import dev.brokertuner.report.Report;
import dev.brokertuner.report.ReportJson;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The hostile log dir as the kafka user would plant it, in {@code server.properties}, through the real command line
 * ({@code inspect --server-properties ... --format json}): it stays the data dir it claims, and the plan runs it as
 * one argument.
 */
class HostileServerPropertiesTest {
    @Test
    void aLogDirFromServerPropertiesIsOneArgumentOfTheMigrationSteps(@TempDir Path dir) throws Exception {
        Path root = HostileTree.root();
        PrintStream old = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int code;
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            code = Main.run("inspect", "--procfs", root.resolve("proc").toString(), "--sysfs",
                    root.resolve("sys").toString(), "--sample-seconds", "0", "--no-broker", "--server-properties",
                    root.resolve("server.properties").toString(), "--format", "json");
        } finally {
            System.setOut(old);
        }
        assertThat(code).isZero();
        Report r = new ReportJson().read(out.toByteArray());
        assertThat(r.host().dataDirs()).extracting(DataDir::path).containsExactly(HostileTree.LOG_DIR,
                HostileTree.RAID_DIR);
        String plan = ApplyText.render(r);
        PlanSandbox.syntaxCheck(dir, plan);
        PlanSandbox box = new PlanSandbox(dir, HostilePlanTest.SHIMS, java.util.Map.of("etc/fstab", ""));
        box.run(plan);
        // The migration steps are comments to run by hand, the log dir one quoted word in them; none of them runs.
        assertThat(plan).contains("\n#   rsync -aHXx " + Shell.quote(HostileTree.LOG_DIR + "/")
                + " /data/kafka-xfs-1/ && chown -R " + Shell.quote("--reference=" + HostileTree.LOG_DIR)
                + " /data/kafka-xfs-1\n");
        assertThat(box.calls()).extracting(PlanSandbox.Call::program)
                .doesNotContain("mkfs.xfs", "rsync", "chown", "systemctl", "id");
        // the only touch is the sysctl drop-in's own, never the injected one
        assertThat(box.calls()).filteredOn(c -> c.program().equals("touch")).extracting(PlanSandbox.Call::argv)
                .allMatch(argv -> argv.equals(java.util.List.of("touch", "/etc/sysctl.d/99-broker-tuner.conf")));
        assertThat(box.calls()).extracting(PlanSandbox.Call::argv).noneMatch(argv -> argv.contains("/etc/fstab")
                || argv.contains("/data/kafka-xfs-1"));
        assertThat(box.file("/data/kafka-xfs-1")).doesNotExist();
        assertThat(box.file("/tmp/x")).doesNotExist();
    }
}
