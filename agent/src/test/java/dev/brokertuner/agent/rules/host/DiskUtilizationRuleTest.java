package dev.brokertuner.agent.rules.host;

import static dev.brokertuner.agent.rules.Outcomes.findings;
import static dev.brokertuner.agent.rules.Outcomes.onlyFinding;
import static dev.brokertuner.agent.rules.Outcomes.passes;
import static dev.brokertuner.agent.rules.Outcomes.unknowns;
import static org.assertj.core.api.Assertions.assertThat;

import dev.brokertuner.agent.Snapshots;
import dev.brokertuner.agent.rules.Thresholds;
import dev.brokertuner.report.Disk;
import dev.brokertuner.report.Finding;
import dev.brokertuner.report.Severity;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DiskUtilizationRuleTest {
    private final DiskUtilizationRule rule = new DiskUtilizationRule();

    /** A sampled disk with iostat-style figures. */
    private static Disk disk(String name, Boolean rotational, double util, double rIops, double wIops,
                             Double rAwait, Double wAwait, double queue) {
        return new Disk(name, rotational, 1L << 40, "none", 50e6, 150e6, util, rIops, wIops, rAwait, wAwait, queue);
    }

    @Test
    void busyRotationalDataDiskIsAWarning() {
        var outcomes = rule.evaluate(Snapshots.host(h -> h.sampleSeconds(5)
                .mount("/data", "/dev/sdb1", "xfs", "rw,noatime").dataDir("/data/kafka", "/data", null, "sdb")
                .disk(new Disk("sda", false, 1L << 40, "none", 1e6, 1e6, 0.95))
                .disk(new Disk("sdb", true, 1L << 40, "mq-deadline", 50e6, 150e6, 0.92))), Thresholds.defaults());
        Finding f = onlyFinding(outcomes);
        assertThat(f.subject()).isEqualTo("disk sdb");
        assertThat(f.severity()).isEqualTo(Severity.WARNING);
        assertThat(f.current()).isEqualTo("92% busy");
        assertThat(f.rationale()).contains("150 MB/s", "5 s", "heuristic", "LocalTimeMs p99 was not read");
        assertThat(f.apply()).first()
                .isEqualTo("iostat -x 5 sdb   # is it sustained? watch r_await, w_await and aqu-sz");
    }

    @Test
    void withoutDataDirsEveryDiskIsJudged() {
        var outcomes = rule.evaluate(Snapshots.host(h -> h.sampleSeconds(5)
                .disk(new Disk("sda", true, null, null, 0.0, 0.0, 0.1))
                .disk(new Disk("sdb", true, null, null, 0.0, 0.0, 0.85))), Thresholds.defaults());
        assertThat(findings(outcomes)).singleElement().satisfies(f -> assertThat(f.subject()).isEqualTo("disk sdb"));
        assertThat(passes(outcomes)).hasSize(1);
    }

    @Test
    void nvmeFullyBusyByIoTicksButFastIsNotSaturated() {
        var outcomes = rule.evaluate(Snapshots.host(h -> h.sampleSeconds(5)
                .mount("/data", "/dev/nvme0n1", "xfs", "rw,noatime")
                .dataDir("/data/kafka", "/data", null, "nvme0n1")
                .disk(disk("nvme0n1", false, 1.0, 2000, 8000, 0.12, 0.05, 0.8))), Thresholds.defaults());
        assertThat(findings(outcomes)).isEmpty();
        assertThat(passes(outcomes)).singleElement().satisfies(p -> assertThat(p.detail())
                .contains("await 0.064 ms", "100% busy by io_ticks", "serves requests in parallel"));
    }

    @Test
    void ssdWithHighAwaitAndADeepQueueIsSaturated() {
        var outcomes = rule.evaluate(Snapshots.host(h -> h.sampleSeconds(5)
                .mount("/data", "/dev/sdc", "xfs", "rw,noatime")
                .dataDir("/data/kafka", "/data", null, "sdc")
                .disk(disk("sdc", false, 1.0, 100, 300, 40.0, 20.0, 12))), Thresholds.defaults());
        Finding f = onlyFinding(outcomes);
        assertThat(f.severity()).isEqualTo(Severity.WARNING);
        assertThat(f.current()).isEqualTo("await 25 ms, 12 in flight, 400 IOPS");
        assertThat(f.recommended()).isEqualTo("await <= 10 ms or <= 4 in flight");
        assertThat(f.evidence()).containsEntry("awaitMs", "25").containsEntry("avgQueueSize", "12.0")
                .containsEntry("readAwaitMs", "40.0").containsEntry("threshold.queueSize", "4");
        assertThat(f.rationale()).contains("busy time", "iostat(1)", "broker-tuner's own heuristic");
    }

    @Test
    void highAwaitWithoutAQueueIsNotSaturationOfAParallelDevice() {
        // A slow cloud volume answering one request at a time: latency, but no standing queue.
        var outcomes = rule.evaluate(Snapshots.host(h -> h.sampleSeconds(5)
                .disk(disk("dm-0", null, 0.6, 50, 50, 12.0, 12.0, 1.2))), Thresholds.defaults());
        assertThat(findings(outcomes)).isEmpty();
        assertThat(passes(outcomes)).hasSize(1);
    }

    @Test
    void aCloudVirtioDiskReportingRotationalIsJudgedByLatency() {
        // virtio-blk says rotational=1 whatever backs it: 97% busy at 1 ms and 1.5 in flight is a healthy volume.
        var outcomes = rule.evaluate(Snapshots.host(h -> h.sampleSeconds(5)
                .disk(disk("vdb", true, 0.97, 500, 1500, 1.0, 1.0, 1.5))
                .disk(disk("xvdf", true, 0.99, 500, 1500, 0.8, 1.2, 1.1))), Thresholds.defaults());
        assertThat(findings(outcomes)).isEmpty();
        assertThat(passes(outcomes)).hasSize(2);
    }

    @Test
    void aFewSlowIosAreNoise() {
        var outcomes = rule.evaluate(Snapshots.host(h -> h.sampleSeconds(5)
                .disk(disk("nvme1n1", false, 0.2, 1, 2, 30.0, 30.0, 5))), Thresholds.defaults());
        assertThat(findings(outcomes)).isEmpty();
    }

    @Test
    void lowProduceLocalTimeMakesItInformation() {
        var outcomes = rule.evaluate(Snapshots.hostAndBroker(h -> h.sampleSeconds(5)
                .mount("/data", "/dev/sdc", "xfs", "rw,noatime")
                .dataDir("/data/kafka", "/data", null, "sdc")
                .disk(disk("sdc", false, 1.0, 100, 300, 40.0, 20.0, 12)), b -> b.produceLocalTimeP99(3)),
                Thresholds.defaults());
        Finding f = onlyFinding(outcomes);
        assertThat(f.severity()).isEqualTo(Severity.INFO);
        assertThat(f.evidence()).containsEntry("broker.produceLocalTimeMsP99", "3");
        assertThat(f.rationale()).contains("Produce LocalTimeMs p99 is 3 ms", "information");
    }

    @Test
    void highProduceLocalTimeKeepsTheWarning() {
        var outcomes = rule.evaluate(Snapshots.hostAndBroker(h -> h.sampleSeconds(5)
                .mount("/data", "/dev/sdc", "xfs", "rw,noatime")
                .dataDir("/data/kafka", "/data", null, "sdc")
                .disk(disk("sdc", false, 1.0, 100, 300, 40.0, 20.0, 12)), b -> b.produceLocalTimeP99(180)),
                Thresholds.defaults());
        Finding f = onlyFinding(outcomes);
        assertThat(f.severity()).isEqualTo(Severity.WARNING);
        assertThat(f.rationale()).contains("Produce LocalTimeMs p99 is 180 ms", "waiting on local I/O");
    }

    @Test
    void thresholdsAreOverridable() {
        var outcomes = rule.evaluate(Snapshots.host(h -> h.sampleSeconds(5)
                        .disk(disk("nvme0n1", false, 1.0, 2000, 8000, 2.0, 2.0, 20))),
                new Thresholds(Map.of("awaitMs", 1.0)));
        assertThat(findings(outcomes)).hasSize(1);
    }

    @Test
    void hostileDeviceNameGetsNoCommand() {
        var outcomes = rule.evaluate(Snapshots.host(h -> h.sampleSeconds(5)
                .disk(new Disk("sd$(id)", true, null, null, 0.0, 0.0, 0.99))), Thresholds.defaults());
        assertThat(onlyFinding(outcomes).apply()).noneMatch(l -> l.contains("$(id)"));
    }

    @Test
    void notSampledIsUnknown() {
        var outcomes = rule.evaluate(Snapshots.host(h -> h.disk(new Disk("sda", false, null, null, null, null,
                null))), Thresholds.defaults());
        assertThat(unknowns(outcomes)).singleElement()
                .satisfies(u -> assertThat(u.reason()).contains("not sampled"));
    }
}
