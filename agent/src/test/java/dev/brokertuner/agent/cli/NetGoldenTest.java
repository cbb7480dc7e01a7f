package dev.brokertuner.agent.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.brokertuner.report.Check;
import dev.brokertuner.report.CheckStatus;
import dev.brokertuner.report.Finding;
import dev.brokertuner.report.Nic;
import dev.brokertuner.report.Report;
import dev.brokertuner.report.ReportJson;
import dev.brokertuner.report.ReportValidator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code inspect --no-broker --server-properties} over this repo's network host trees: the management NIC that is a
 * fact and not a finding, a Kubernetes node's veths, and socket buffers left to autotuning. Each case also runs
 * without the file, to show that the listeners and the -1 buffers are what changes the verdict.
 */
class NetGoldenTest {
    private static Path tree(String name) {
        String repo = System.getProperty("bt.repo.dir");
        return repo == null ? Path.of("src/test/resources/golden-hosts", name)
                : Path.of(repo, "agent/src/test/resources/golden-hosts", name);
    }

    private static Report inspect(String name, boolean withProperties, String... extra) {
        Path root = tree(name);
        List<String> args = new ArrayList<>(List.of("inspect", "--procfs", root.resolve("proc").toString(),
                "--sysfs", root.resolve("sys").toString(), "--sample-seconds", "0", "--no-broker", "--format",
                "json", "--log-dirs", "/data/kafka"));
        if (withProperties) {
            args.addAll(List.of("--server-properties", root.resolve("server.properties").toString()));
        }
        args.addAll(List.of(extra));
        CliRun run = CliRun.of(args.toArray(String[]::new));
        assertThat(run.exitCode()).as(run.err()).isZero();
        byte[] json = run.out().getBytes(StandardCharsets.UTF_8);
        assertThat(new ReportValidator().validate(json)).isEmpty();
        try {
            return new ReportJson().read(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Nic nic(Report r, String name) {
        return r.host().nics().stream().filter(n -> n.name().equals(name)).findFirst().orElseThrow();
    }

    private static List<Check> checks(Report r, String ruleId) {
        return r.checks().stream().filter(c -> c.ruleId().equals(ruleId)).toList();
    }

    @Test
    void managementNicWithoutAListenerIsAFactNeverAFinding() {
        Report r = inspect("mgmt-and-data-nic", true);
        assertThat(r.host().nics()).extracting(Nic::name, Nic::kind, Nic::speedMbps, Nic::brokerListeners)
                .containsExactly(tuple("eno1", "physical", 1000L, List.of()),
                        tuple("ens1f0np0", "physical", 25000L, List.of("INTERNAL")));
        assertThat(r.findings()).isEmpty();
        assertThat(checks(r, "host.nic.speed")).extracting(Check::subject, Check::status)
                .containsExactlyInAnyOrder(tuple("nic eno1", CheckStatus.OK),
                        tuple("nic ens1f0np0", CheckStatus.OK));
        assertThat(checks(r, "host.nic.speed")).filteredOn(c -> c.subject().equals("nic eno1"))
                .singleElement().extracting(Check::detail).asString().contains("carries no broker listener");
    }

    @Test
    void withoutListenersTheFastestLinkIsJudgedAndAListenerOnTheSlowNicMakesItTheSubject(@TempDir Path dir)
            throws IOException {
        Report unmapped = inspect("mgmt-and-data-nic", false);
        assertThat(unmapped.host().nics()).allMatch(n -> n.brokerListeners().isEmpty());
        assertThat(unmapped.findings()).isEmpty();

        Path props = dir.resolve("server.properties");
        Files.writeString(props, "process.roles=broker\nnode.id=1\nlisteners=MGMT://192.168.10.21:9092\n");
        Report onManagement = inspect("mgmt-and-data-nic", false, "--server-properties", props.toString());
        assertThat(nic(onManagement, "eno1").brokerListeners()).containsExactly("MGMT");
        assertThat(onManagement.findings()).extracting(Finding::ruleId, Finding::subject)
                .containsExactly(tuple("host.nic.speed", "nic eno1"));
    }

    @Test
    void kubernetesNodeVethsHaveNoSpeedAndRaiseNoNicAlarm() {
        Report r = inspect("k8s-node-veth", true);
        Nic veth = nic(r, "veth3f1c2a9b");
        assertThat(veth.kind()).isEqualTo("veth");
        assertThat(veth.speedMbps()).isNull();
        assertThat(veth.speedNote()).contains("constant 10000");
        assertThat(nic(r, "cni0").kind()).isEqualTo("bridge");
        assertThat(nic(r, "flannel.1").kind()).isEqualTo("virtual");
        // the pod's address routes to cni0 on this node, and leaves the node by the default route's eno1
        assertThat(nic(r, "eno1").brokerListeners()).containsExactly("PLAINTEXT");
        assertThat(nic(r, "cni0").brokerListeners()).containsExactly("PLAINTEXT");
        assertThat(veth.brokerListeners()).isEmpty();
        assertThat(r.findings()).isEmpty();
        assertThat(checks(r, "host.nic.speed")).filteredOn(c -> c.subject().equals("nic eno1"))
                .extracting(Check::status).containsExactly(CheckStatus.OK);
        // the bridge is a hop on the way to eno1: a fact, not a speed to declare
        assertThat(checks(r, "host.nic.speed")).filteredOn(c -> c.subject().equals("nic cni0")).singleElement()
                .satisfies(c -> {
                    assertThat(c.status()).isEqualTo(CheckStatus.OK);
                    assertThat(c.detail()).contains("on the way to the node's own link");
                });
        assertThat(checks(r, "host.net.errors")).filteredOn(c -> c.subject().equals("nf_conntrack"))
                .extracting(Check::status).containsExactly(CheckStatus.OK);
    }

    @Test
    void kubernetesNodeWithoutListenersStillSkipsVethsAndPlumbing() {
        Report r = inspect("k8s-node-veth", false);
        assertThat(r.findings()).isEmpty();
        assertThat(checks(r, "host.nic.speed")).extracting(Check::subject).containsExactly("nic eno1");
    }

    @Test
    void autotunedBuffersWithTcpMaximaAboveTheProductGetNoSocketBufferFinding() {
        Report r = inspect("autotuned-buffers", true);
        assertThat(r.findings()).isEmpty();
        assertThat(checks(r, "host.net.socket-buffer-max")).extracting(Check::subject, Check::status)
                .containsExactly(tuple("net.ipv4.tcp_rmem", CheckStatus.OK),
                        tuple("net.ipv4.tcp_wmem", CheckStatus.OK));
        assertThat(nic(r, "ens3f0").brokerListeners()).containsExactly("PLAINTEXT");
    }

    @Test
    void withoutTheMinusOneBuffersTheStockCapsAreInfo() {
        Report r = inspect("autotuned-buffers", false);
        assertThat(r.findings()).extracting(Finding::ruleId, Finding::subject, f -> f.severity().name())
                .containsExactly(tuple("host.net.socket-buffer-max", "net.core.rmem_max", "INFO"),
                        tuple("host.net.socket-buffer-max", "net.core.wmem_max", "INFO"));
        assertThat(r.findings().get(0).rationale()).contains("broker-tuner's own heuristic for a LAN");
    }

    @Test
    void declaredSpeedIsUsedWhereTheKernelReportsNoneAndMarkedSo() {
        Report r = inspect("nic-speed-unknown", false, "--nic-speed", "eth0=12500");
        Nic eth0 = nic(r, "eth0");
        assertThat(eth0.speedMbps()).isEqualTo(12500L);
        assertThat(eth0.speedSource()).isEqualTo("declared");
        assertThat(checks(r, "host.nic.speed")).extracting(Check::subject, Check::status)
                .containsExactly(tuple("nic eth0", CheckStatus.OK));
    }

    @Test
    void aNicSpeedThatIsNotAnInterfaceNameIsRefused() {
        Path root = tree("nic-speed-unknown");
        CliRun run = CliRun.of("inspect", "--procfs", root.resolve("proc").toString(), "--sysfs",
                root.resolve("sys").toString(), "--no-broker", "--sample-seconds", "0", "--nic-speed",
                "eth0/../x=100");
        assertThat(run.exitCode()).isNotZero();
        assertThat(run.err()).contains("--nic-speed").contains("not an interface name");
    }
}
