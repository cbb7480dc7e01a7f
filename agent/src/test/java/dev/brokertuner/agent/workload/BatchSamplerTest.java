package dev.brokertuner.agent.workload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import dev.brokertuner.report.TopicBatches;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** BatchSampler over partition dirs written in a temp dir, shaped like a broker's (segment and empty index). */
class BatchSamplerTest {
    @TempDir
    Path root;

    private void partition(Path dir, String name, int batches, int records, int payload, int attributes,
                           long producerId) throws Exception {
        Path p = Files.createDirectories(dir.resolve(name));
        Batches b = new Batches();
        for (int i = 0; i < batches; i++) {
            b.batch((long) i * records, attributes, records, payload, producerId);
        }
        Files.write(p.resolve("00000000000000000000.log"), b.bytes());
        Files.write(p.resolve("00000000000000000000.index"), new byte[1024]);
    }

    @Test
    void summarisesEachTopicOverItsLedPartitionsAcrossDataDirs() throws Exception {
        Path d1 = Files.createDirectories(root.resolve("d1"));
        Path d2 = Files.createDirectories(root.resolve("d2"));
        partition(d1, "clicks-0", 30, 1, 60, 0, -1);
        partition(d2, "clicks-1", 30, 1, 60, 0, -1);
        partition(d1, "orders-0", 10, 200, 4000, 3, 77);
        Map<String, List<Integer>> led = new LinkedHashMap<>();
        led.put("clicks", List.of(0, 1));
        led.put("orders", List.of(0));
        BatchSampler.Result r = BatchSampler.sample(led, List.of(d1, d2), 1 << 20);
        assertThat(r.problems()).isEmpty();
        TopicBatches clicks = r.batches().get("clicks");
        assertThat(clicks.partitionsSampled()).isEqualTo(2);
        assertThat(clicks.sampled()).isEqualTo(60);
        assertThat(clicks.medianRecords()).isEqualTo(1);
        assertThat(clicks.medianBytes()).isEqualTo(BatchHeaders.HEADER_BYTES + 60);
        assertThat(clicks.codecs()).containsExactly(entry("none", 60));
        assertThat(clicks.idempotent()).isZero();
        TopicBatches orders = r.batches().get("orders");
        assertThat(orders.codecs()).containsExactly(entry("lz4", 10));
        assertThat(orders.idempotent()).isEqualTo(10);
        assertThat(r.bytesRead()).isEqualTo(clicks.bytesRead() + orders.bytesRead())
                .isEqualTo(2L * 30 * (61 + 60) + 10L * (61 + 4000));
    }

    @Test
    void theBudgetBoundsTheBytesReadAndIsSpreadOverTheTopics() throws Exception {
        for (int p = 0; p < 50; p++) {
            partition(root, "many-" + p, 400, 1, 100, 0, -1);
        }
        partition(root, "other-0", 400, 1, 100, 0, -1);
        Map<String, List<Integer>> led = new LinkedHashMap<>();
        led.put("many", java.util.stream.IntStream.range(0, 50).boxed().toList());
        led.put("other", List.of(0));
        long budget = 64 << 10;
        BatchSampler.Result r = BatchSampler.sample(led, List.of(root), budget);
        assertThat(r.bytesRead()).isLessThanOrEqualTo(budget);
        assertThat(r.batches()).containsOnlyKeys("many", "other");
        // half the budget each: 32 KiB over 50 partitions is less than the 4 KiB minimum, so 8 partitions are read
        assertThat(r.batches().get("many").partitionsSampled()).isEqualTo(8);
        assertThat(r.batches().get("other").partitionsSampled()).isEqualTo(1);
    }

    @Test
    void aMissingDataDirAndAMissingPartitionAreProblemsNotFailures() throws Exception {
        partition(root, "t-0", 5, 1, 10, 0, -1);
        BatchSampler.Result r = BatchSampler.sample(Map.of("t", List.of(0, 1)), List.of(root.resolve("gone"), root),
                1 << 20);
        assertThat(r.batches()).containsKey("t");
        assertThat(r.problems()).hasSize(2);
        assertThat(r.problems().get(0).message()).contains("gone").contains("no such directory");
        assertThat(r.problems().get(1).message()).contains("1 led partition dir(s) found under none");
    }

    @Test
    void aSegmentThatIsNotAFileIsAProblem() throws Exception {
        Path p = Files.createDirectories(root.resolve("odd-0").resolve("00000000000000000000.log"));
        assertThat(Files.isDirectory(p)).isTrue();
        BatchSampler.Result r = BatchSampler.sample(Map.of("odd", List.of(0)), List.of(root), 1 << 20);
        assertThat(r.batches()).isEmpty();
        assertThat(r.problems()).singleElement().satisfies(pr -> assertThat(pr.message())
                .contains("could not be read").contains("not a regular file"));
    }

    @Test
    void aTopicNameThatIsNotKafkasNeverNamesAPath() throws Exception {
        partition(root, "ok-0", 5, 1, 10, 0, -1);
        BatchSampler.Result r = BatchSampler.sample(Map.of("../ok", List.of(0)), List.of(root.resolve("x")
                .getParent()), 1 << 20);
        assertThat(r.batches()).isEmpty();
    }

    @Test
    void aLaterGatheringReadsOnlyWhatWasAppendedForTheSameFiguresAndTheSamePartitions() throws Exception {
        // segments within each partition's budget (4 KiB and 32 KiB), read whole: their reads reach the end
        for (int p = 0; p < 50; p++) {
            partition(root, "many-" + p, 20, 1, 100, 0, -1);
        }
        partition(root, "other-0", 100, 1, 100, 0, -1);
        try (var dirs = Files.list(root)) {
            for (Path d : dirs.toList()) {
                Files.setLastModifiedTime(d, java.nio.file.attribute.FileTime.fromMillis(
                        System.currentTimeMillis() - 3_600_000));
            }
        }
        Map<String, List<Integer>> led = new LinkedHashMap<>();
        led.put("many", java.util.stream.IntStream.range(0, 50).boxed().toList());
        led.put("other", List.of(0));
        long budget = 64 << 10;
        PartitionTails tails = new PartitionTails();
        BatchSampler.Result first = BatchSampler.sample(led, List.of(root), budget, tails);
        assertThat(tails.size()).isEqualTo(9);
        BatchSampler.Result second = BatchSampler.sample(led, List.of(root), budget, tails);
        assertThat(second.bytesRead()).isZero();
        // the budget is charged by what the kept windows span: the same 8 + 1 partitions, the same figures
        assertThat(second.batches().get("many")).isEqualTo(withBytesRead(first.batches().get("many"), 0));
        assertThat(second.batches().get("other")).isEqualTo(withBytesRead(first.batches().get("other"), 0));

        Files.write(root.resolve("other-0").resolve("00000000000000000000.log"),
                new Batches().batch(400, 3, 10, 500, 9).bytes(), java.nio.file.StandardOpenOption.APPEND);
        BatchSampler.Result third = BatchSampler.sample(led, List.of(root), budget, tails);
        // the appended batch and the last kept header, checked again; nothing from the unchanged partitions
        assertThat(third.bytesRead()).isEqualTo(561 + BatchHeaders.HEADER_BYTES);
        assertThat(third.batches().get("other").codecs()).containsEntry("lz4", 1);
        assertThat(third.batches().get("other").sampled()).isEqualTo(first.batches().get("other").sampled() + 1);

        // a topic no longer sampled: its partitions' windows are dropped
        led.remove("many");
        BatchSampler.sample(led, List.of(root), budget, tails);
        assertThat(tails.size()).isEqualTo(1);
    }

    @Test
    void aKeptPartitionMovedToAnotherDataDirIsFoundThereAndOneGoneIsMissing() throws Exception {
        Path d1 = Files.createDirectories(root.resolve("d1"));
        Path d2 = Files.createDirectories(root.resolve("d2"));
        partition(d1, "t-0", 5, 1, 10, 0, -1);
        partition(d1, "t-1", 5, 1, 10, 0, -1);
        Map<String, List<Integer>> led = Map.of("t", List.of(0, 1));
        PartitionTails tails = new PartitionTails();
        assertThat(BatchSampler.sample(led, List.of(d1, d2), 1 << 20, tails).batches().get("t").sampled())
                .isEqualTo(10);
        // t-0 moved to d2 (as kafka-reassign-partitions between log dirs does), t-1 deleted
        Files.move(d1.resolve("t-0"), d2.resolve("t-0"));
        try (var files = Files.list(d1.resolve("t-1"))) {
            for (Path f : files.toList()) {
                Files.delete(f);
            }
        }
        Files.delete(d1.resolve("t-1"));
        BatchSampler.Result r = BatchSampler.sample(led, List.of(d1, d2), 1 << 20, tails);
        assertThat(r.batches().get("t").sampled()).isEqualTo(5);
        assertThat(r.batches().get("t").partitionsSampled()).isEqualTo(1);
        assertThat(r.problems()).singleElement().satisfies(pr -> assertThat(pr.message())
                .contains("1 led partition dir(s) found under none"));
        assertThat(tails.kept(List.of(d1, d2), "t-0")).isEqualTo(d2.resolve("t-0"));
    }

    private static TopicBatches withBytesRead(TopicBatches b, long bytesRead) {
        return new TopicBatches(b.sampled(), b.controlBatches(), b.partitionsSampled(), bytesRead, b.medianRecords(),
                b.medianBytes(), b.p90Bytes(), b.codecs(), b.idempotent(), b.transactional());
    }
}
