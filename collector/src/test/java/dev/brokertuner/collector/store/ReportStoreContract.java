package dev.brokertuner.collector.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.brokertuner.collector.CollectorFixture;
import dev.brokertuner.collector.Reports;
import dev.brokertuner.collector.fleet.HostSummary;
import dev.brokertuner.collector.fleet.Summaries;
import dev.brokertuner.report.Report;
import dev.brokertuner.report.ReportJson;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link ReportStore} does, run over each store by a subclass ({@link H2ReportStoreTest},
 * {@link PostgresReportStoreTest}): idempotency by report id, the latest per host moving only forward, owners
 * registered once, bodies, history, throughput, retention and durability across a reopen.
 */
abstract class ReportStoreContract {
    static final Instant T0 = Instant.parse("2026-11-25T10:00:00Z");
    final ReportJson json = new ReportJson();
    ReportStore store;

    /** A new, empty store. */
    abstract ReportStore openEmpty() throws Exception;

    /** The same store opened again (after {@link ReportStore#close()}). */
    abstract ReportStore reopen() throws Exception;

    @BeforeEach
    void open() throws Exception {
        store = openEmpty();
    }

    @AfterEach
    void closeStore() {
        store.close();
    }

    Incoming incoming(Report r, Instant receivedAt, String sender) throws Exception {
        return new Incoming(Summaries.of(r, receivedAt, sender), CollectorFixture.gzip(json.write(r)));
    }

    Incoming at(String host, String id, Instant generated) throws Exception {
        return incoming(Reports.broker(host, 1).id(id).at(generated).build(), generated.plusSeconds(1), "team-a");
    }

    @Test
    void aReportIdIsStoredOnceAcrossAndWithinBatches() throws Exception {
        assertThat(store.store(List.of(at("h1", "r1", T0), at("h2", "r2", T0), at("h1", "r1", T0))))
                .containsExactly(StoreOutcome.STORED, StoreOutcome.STORED, StoreOutcome.DUPLICATE);
        assertThat(store.store(List.of(at("h1", "r1", T0), at("h1", "r3", T0.plusSeconds(30)))))
                .containsExactly(StoreOutcome.DUPLICATE, StoreOutcome.STORED);
        assertThat(store.reportCount()).isEqualTo(3);
        assertThat(store.latestSummaries()).extracting(HostSummary::reportId).containsExactlyInAnyOrder("r3", "r2");
    }

    @Test
    void theLatestPerHostMovesOnlyForward() throws Exception {
        store.store(List.of(at("h1", "new", T0.plusSeconds(60))));
        store.store(List.of(at("h1", "old", T0)));
        assertThat(store.latestSummaries()).extracting(HostSummary::reportId).containsExactly("new");
        // within one batch too, whatever the order
        store.store(List.of(at("h2", "b", T0.plusSeconds(60)), at("h2", "a", T0)));
        assertThat(store.latestSummaries()).extracting(HostSummary::reportId).containsExactlyInAnyOrder("new", "b");
        assertThat(store.reportCount()).isEqualTo(4);
    }

    @Test
    void aReportDatedInTheFutureDoesNotPinItsHost() throws Exception {
        Report future = Reports.broker("h1", 1).id("future").at(T0.plusSeconds(86_400)).build();
        store.store(List.of(incoming(future, T0, "team-a")));
        store.store(List.of(at("h1", "next", T0.plusSeconds(30))));
        assertThat(store.latestSummaries()).extracting(HostSummary::reportId).containsExactly("next");
    }

    @Test
    void theFirstSenderOfAHostOwnsIt() throws Exception {
        Report r1 = Reports.broker("h1", 1).id("r1").at(T0).build();
        Report r2 = Reports.broker("h1", 1).id("r2").at(T0.plusSeconds(30)).build();
        store.store(List.of(incoming(r1, T0, "team-a")));
        store.store(List.of(incoming(r2, T0.plusSeconds(30), "team-b")));
        assertThat(store.hostOwners()).containsExactlyEntriesOf(java.util.Map.of("h1", "team-a"));
    }

    @Test
    void bodiesHistoryAndThroughputReadBack() throws Exception {
        Report r = Reports.broker("h1", 1).id("r1").at(T0).throughput(1e6, 2e6).build();
        store.store(List.of(incoming(r, T0, "team-a"), at("h1", "r2", T0.plusSeconds(30)),
                at("h1", "r3", T0.plusSeconds(60))));
        assertThat(json.read(store.report("r1").orElseThrow())).isEqualTo(r);
        assertThat(store.report("nope")).isEmpty();
        assertThat(store.history("h1", 2)).extracting(HistoryEntry::reportId).containsExactly("r3", "r2");
        HostSummary s = Summaries.of(r, T0, "team-a");
        List<ThroughputSample> t = store.throughput(s.clusterKey(), T0.plusSeconds(1));
        assertThat(t).extracting(ThroughputSample::generatedAt)
                .containsExactly(T0.plusSeconds(30), T0.plusSeconds(60));
        assertThat(store.throughput(s.clusterKey(), T0).get(0).bytesInPerSec()).isEqualTo(1e6);
    }

    @Test
    void retentionDeletesOldReportsButKeepsEachHostsLatest() throws Exception {
        store.store(List.of(at("h1", "r1", T0), at("h1", "r2", T0.plusSeconds(30)), at("h2", "r3", T0)));
        assertThat(store.deleteReceivedBefore(T0.plusSeconds(3600))).isEqualTo(1);
        assertThat(store.report("r1")).isEmpty();
        assertThat(store.report("r2")).isPresent();
        assertThat(store.report("r3")).isPresent();
        assertThat(store.reportCount()).isEqualTo(2);
    }

    @Test
    void whatWasStoredIsThereAfterAReopen() throws Exception {
        store.store(List.of(at("h1", "r1", T0), at("h2", "r2", T0)));
        store.close();
        store = reopen();
        assertThat(store.reportCount()).isEqualTo(2);
        assertThat(store.latestSummaries()).extracting(HostSummary::hostname).containsExactlyInAnyOrder("h1", "h2");
        assertThat(store.store(List.of(at("h1", "r1", T0)))).containsExactly(StoreOutcome.DUPLICATE);
    }

    @Test
    void aBatchMixingNewAndKnownHostsStoresEachReportAndRegistersOnlyTheNewHosts() throws Exception {
        store.store(List.of(at("known", "k1", T0), at("stale", "s2", T0.plusSeconds(60))));
        Report second = Reports.broker("known", 1).id("k2").at(T0.plusSeconds(30)).build();
        Report newFirst = Reports.broker("new", 2).id("n1").at(T0.plusSeconds(30)).build();
        Report newSecond = Reports.broker("new", 2).id("n2").at(T0.plusSeconds(60)).build();
        List<StoreOutcome> out = store.store(List.of(
                incoming(second, T0.plusSeconds(31), "team-b"),
                // a new host's second report ahead of its first, in the same batch as the first
                incoming(newSecond, T0.plusSeconds(61), "team-b"),
                incoming(newFirst, T0.plusSeconds(31), "team-b"),
                at("known", "k1", T0),
                // a known host's report older than its latest is stored but does not move it back
                at("stale", "s1", T0),
                at("other-new", "o1", T0)));
        assertThat(out).containsExactly(StoreOutcome.STORED, StoreOutcome.STORED, StoreOutcome.STORED,
                StoreOutcome.DUPLICATE, StoreOutcome.STORED, StoreOutcome.STORED);
        assertThat(store.latestSummaries()).extracting(HostSummary::hostname, HostSummary::reportId)
                .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple("known", "k2"),
                        org.assertj.core.groups.Tuple.tuple("stale", "s2"),
                        org.assertj.core.groups.Tuple.tuple("new", "n2"),
                        org.assertj.core.groups.Tuple.tuple("other-new", "o1"));
        assertThat(store.hostOwners()).containsExactlyInAnyOrderEntriesOf(java.util.Map.of("known", "team-a",
                "stale", "team-a", "new", "team-b", "other-new", "team-a"));
        assertThat(store.reportCount()).isEqualTo(7);
        assertThat(store.history("new", 10)).extracting(HistoryEntry::reportId).containsExactly("n2", "n1");
    }

    @Test
    void aBatchOfOnlyNewHostsAtTheWritersLargestBatchIsStoredWhole() throws Exception {
        List<Incoming> batch = new java.util.ArrayList<>();
        for (int i = 0; i < GroupCommitWriter.MAX_BATCH; i++) {
            batch.add(at("host-" + i, "id-" + i, T0));
        }
        assertThat(store.store(batch)).hasSize(GroupCommitWriter.MAX_BATCH).containsOnly(StoreOutcome.STORED);
        assertThat(store.latestSummaries()).hasSize(GroupCommitWriter.MAX_BATCH);
        assertThat(store.hostOwners()).hasSize(GroupCommitWriter.MAX_BATCH);
        assertThat(store.store(batch)).containsOnly(StoreOutcome.DUPLICATE);
        assertThat(store.reportCount()).isEqualTo(GroupCommitWriter.MAX_BATCH);
    }
}
