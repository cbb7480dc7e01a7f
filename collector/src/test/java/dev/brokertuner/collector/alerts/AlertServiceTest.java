package dev.brokertuner.collector.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import dev.brokertuner.collector.CollectorFixture;
import dev.brokertuner.collector.MutableClock;
import dev.brokertuner.collector.Reports;
import dev.brokertuner.collector.fleet.Summaries;
import dev.brokertuner.collector.store.H2ReportStore;
import dev.brokertuner.collector.fleet.FleetIndex;
import dev.brokertuner.collector.store.GroupCommitWriter;
import dev.brokertuner.collector.store.Incoming;
import dev.brokertuner.collector.store.StoreOutcome;
import dev.brokertuner.report.Check;
import dev.brokertuner.report.CheckStatus;
import dev.brokertuner.report.Finding;
import dev.brokertuner.report.Report;
import dev.brokertuner.report.ReportJson;
import dev.brokertuner.report.Severity;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The service over a real H2 alert store, fed committed batches as the store's writer feeds it. */
class AlertServiceTest {
    static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");
    final ReportJson json = new ReportJson();

    Incoming incoming(Report r) throws Exception {
        return new Incoming(Summaries.of(r, r.generatedAt(), "team-a"), CollectorFixture.gzip(json.write(r)));
    }

    static AlertsConfig config(Duration repeat) {
        return new AlertsConfig(List.of(new ReceiverConfig("ops-hook", "webhook", Map.of("url", "http://x/"))),
                List.of(new Route(null, Severity.WARNING, List.of("ops-hook")),
                        new Route("c-other", Severity.INFO, List.of("ops-hook", "missing"))), 2, 2, repeat, null);
    }

    @Test
    void reportsOfAHostAreTakenInGenerationOrderAndLateOnesAreNot(@TempDir Path dir) throws Exception {
        MutableClock clock = new MutableClock(T0.plusSeconds(3600));
        AtomicInteger woken = new AtomicInteger();
        try (H2ReportStore reports = H2ReportStore.open(dir, json.mapper())) {
            JdbcAlertStore store = new JdbcAlertStore(reports.dataSource(), reports.durableSql(), json.mapper());
            AlertService service = new AlertService(config(null), store, Set.of("ops-hook"), clock, json, 600,
                    List.of(), woken::incrementAndGet);
            // two reports with the finding in one batch, out of order: RAISED once
            Incoming second = incoming(Reports.broker("kafka-a01", 1).swappiness("60").at(T0.plusSeconds(60)).build());
            Incoming first = incoming(Reports.broker("kafka-a01", 1).swappiness("60").at(T0).build());
            service.onStored(List.of(second, first));
            assertThat(service.openCount()).isEqualTo(1);
            assertThat(woken.get()).isEqualTo(1);
            // two clean reports generated before the last one taken (late outbox deliveries): nothing clears
            service.onStored(List.of(incoming(Reports.broker("kafka-a01", 1).at(T0.plusSeconds(10)).build())));
            service.onStored(List.of(incoming(Reports.broker("kafka-a01", 1).at(T0.plusSeconds(20)).build())));
            assertThat(service.openCount()).isEqualTo(1);
            Alert open = store.alerts(AlertStore.Filter.RAISED, null, 10).get(0);
            assertThat(open.absent()).isZero();
            assertThat(open.message()).startsWith("Suggested action: set 1 (now 60).");
            assertThat(store.notifications(open.id())).singleElement()
                    .satisfies(n -> assertThat(n.notification().status()).isEqualTo(AlertStatus.RAISED));
            assertThat(store.deliveries(open.id())).extracting(Delivery::receiver).containsExactly("ops-hook");

            // a restart rebuilds the open alerts from the store and carries on
            AlertService again = new AlertService(config(null), store, Set.of("ops-hook"), clock, json, 600,
                    List.of(Summaries.of(Reports.broker("kafka-a01", 1).at(T0.plusSeconds(60)).build(),
                            T0.plusSeconds(60), "team-a")), () -> { });
            assertThat(again.openCount()).isEqualTo(1);
            again.onStored(List.of(incoming(Reports.broker("kafka-a01", 1).at(T0.plusSeconds(120)).build()),
                    incoming(Reports.broker("kafka-a01", 1).at(T0.plusSeconds(180)).build())));
            assertThat(again.openCount()).isZero();
            assertThat(store.notifications(open.id())).extracting(n -> n.notification().status())
                    .containsExactly(AlertStatus.RAISED, AlertStatus.CLEAR);
        }
    }

    @Test
    void unreachableBrokerRaisesAfterTwoReportsAndRepeatsStopOnceAcknowledged(@TempDir Path dir) throws Exception {
        MutableClock clock = new MutableClock(T0.plusSeconds(3600));
        try (H2ReportStore reports = H2ReportStore.open(dir, json.mapper())) {
            JdbcAlertStore store = new JdbcAlertStore(reports.dataSource(), reports.durableSql(), json.mapper());
            AlertService service = new AlertService(config(Duration.ofHours(1)), store, Set.of("ops-hook"), clock,
                    json, 600, List.of(), () -> { });
            service.onStored(List.of(incoming(Reports.broker("kafka-a01", 1).brokerDown().at(T0).build())));
            assertThat(service.openCount()).as("one unreachable report (a rolling restart) raises nothing").isZero();
            service.onStored(List.of(incoming(Reports.broker("kafka-a01", 1).brokerDown().at(T0.plusSeconds(60))
                    .build())));
            Alert down = store.alerts(AlertStore.Filter.RAISED, null, 10).get(0);
            assertThat(down.key().ruleId()).isEqualTo(Lifecycle.UNREACHABLE);
            assertThat(down.message()).contains("JMX connection refused");
            clock.advance(Duration.ofMinutes(61));
            service.tick(List.of());
            assertThat(store.notifications(down.id())).extracting(n -> n.notification().status())
                    .containsExactly(AlertStatus.RAISED, AlertStatus.UPDATE);
            assertThat(service.ack(down.id(), "team-a", "broker moved")).isTrue();
            clock.advance(Duration.ofHours(2));
            service.tick(List.of());
            assertThat(store.notifications(down.id())).hasSize(2);
            assertThat(service.route("c-other", Severity.INFO)).as("routes name receivers that exist, each once")
                    .containsExactly("ops-hook");
            assertThat(service.route("c-prod", Severity.INFO)).isEmpty();
        }
    }

    @Test
    void aDuplicateReportChangesNothing(@TempDir Path dir) throws Exception {
        MutableClock clock = new MutableClock(T0.plusSeconds(3600));
        try (H2ReportStore reports = H2ReportStore.open(dir, json.mapper())) {
            JdbcAlertStore store = new JdbcAlertStore(reports.dataSource(), reports.durableSql(), json.mapper());
            AlertService service = new AlertService(config(null), store, Set.of("ops-hook"), clock, json, 600,
                    List.of(), () -> { });
            java.util.concurrent.BlockingQueue<Integer> fed = new java.util.concurrent.LinkedBlockingQueue<>();
            try (GroupCommitWriter writer = new GroupCommitWriter(reports, new FleetIndex(), 16, batch -> {
                service.onStored(batch);
                fed.add(batch.size());
            })) {
                Incoming once = incoming(Reports.broker("kafka-a01", 1).swappiness("60").at(T0).build());
                assertThat(writer.submit(once).toCompletableFuture().get()).isEqualTo(StoreOutcome.STORED);
                assertThat(fed.take()).isEqualTo(1);
                assertThat(writer.submit(once).toCompletableFuture().get()).isEqualTo(StoreOutcome.DUPLICATE);
                Incoming next = incoming(Reports.broker("kafka-a02", 2).at(T0).build());
                assertThat(writer.submit(next).toCompletableFuture().get()).isEqualTo(StoreOutcome.STORED);
                assertThat(fed.take()).as("the duplicate was never fed").isEqualTo(1);
                assertThat(store.open()).singleElement().satisfies(a -> {
                    assertThat(a.state()).isEqualTo(AlertState.PENDING);
                    assertThat(a.seen()).isEqualTo(1);
                });
                assertThat(service.openCount()).isZero();
            }
        }
    }

    @Test
    void anOutlierSettingHeldForAnHourRaisesAClusterLevelAlertAndClearsWhenTheBrokersAgree(@TempDir Path dir)
            throws Exception {
        MutableClock clock = new MutableClock(T0);
        try (H2ReportStore reports = H2ReportStore.open(dir, json.mapper())) {
            JdbcAlertStore store = new JdbcAlertStore(reports.dataSource(), reports.durableSql(), json.mapper());
            AlertService service = new AlertService(config(null), store, Set.of("ops-hook"), clock, json, 86_400,
                    List.of(), () -> { });
            java.util.function.Function<Boolean, List<dev.brokertuner.collector.fleet.HostSummary>> fleet =
                    drift -> java.util.stream.IntStream.rangeClosed(1, 4).mapToObj(i -> {
                        Reports r = Reports.broker("kafka-b0" + i, i).at(clock.instant());
                        if (drift && i == 4) {
                            r.relatime();
                        }
                        return Summaries.of(r.build(), clock.instant(), "team-a");
                    }).toList();
            service.tick(fleet.apply(true));
            clock.advance(Duration.ofMinutes(59));
            service.tick(fleet.apply(true));
            assertThat(service.openCount()).as("not held for an hour yet").isZero();
            clock.advance(Duration.ofMinutes(1));
            service.tick(fleet.apply(true));
            Alert outlier = store.alerts(AlertStore.Filter.RAISED, null, 10).stream()
                    .filter(a -> a.key().ruleId().equals(ClusterObservations.OUTLIER)).findFirst().orElseThrow();
            assertThat(outlier.key().clusterLevel()).isTrue();
            assertThat(outlier.cluster()).isEqualTo("c-prod");
            assertThat(outlier.key().subject()).isEqualTo("setting data-dir atime mode");
            assertThat(outlier.current()).isEqualTo("kafka-b04=relatime");
            assertThat(outlier.recommended()).isEqualTo("noatime");
            assertThat(outlier.message()).contains("kafka-b04 is the only broker with data-dir atime mode relatime");
            Notification n = store.notifications(outlier.id()).get(0).notification();
            assertThat(n.host()).isNull();
            assertThat(n.title()).isEqualTo("WARNING fleet.cluster.outlier on cluster c-prod: setting data-dir "
                    + "atime mode");
            service.tick(fleet.apply(false));
            service.tick(fleet.apply(false));
            assertThat(store.alert(outlier.id()).orElseThrow().state()).isEqualTo(AlertState.CLEARED);
        }
    }

    /** {@code r} with these findings added, and these rules' checks unknown. */
    static Report plus(Report r, List<Finding> findings, String... unknownRules) {
        List<Finding> f = new java.util.ArrayList<>(r.findings());
        f.addAll(findings);
        List<Check> c = new java.util.ArrayList<>(r.checks());
        for (String rule : unknownRules) {
            c.add(new Check(rule, "broker", CheckStatus.UNKNOWN, "not read"));
        }
        return new Report(r.schemaVersion(), r.reportId(), r.generatedAt(), r.agentVersion(), r.clusterAlias(),
                r.tags(), r.host(), r.broker(), f, c, r.problems());
    }

    static Finding finding(String rule, String subject) {
        return new Finding(rule, Severity.WARNING, subject, "1", "2", "why", Map.of(), List.of());
    }

    @Test
    void aRollingRestartNeitherClearsNorReRaisesTheBrokersAlerts(@TempDir Path dir) throws Exception {
        MutableClock clock = new MutableClock(T0.plusSeconds(3600));
        try (H2ReportStore reports = H2ReportStore.open(dir, json.mapper())) {
            JdbcAlertStore store = new JdbcAlertStore(reports.dataSource(), reports.durableSql(), json.mapper());
            AlertService service = new AlertService(config(null), store, Set.of("ops-hook"), clock, json, 600,
                    List.of(), () -> { });
            List<Finding> brokerFindings = List.of(finding("broker.threads.io", "broker 1"),
                    finding("workload.group.lag", "group billing"));
            int t = 0;
            for (int i = 0; i < 2; i++) {
                service.onStored(List.of(incoming(plus(Reports.broker("kafka-a01", 1).at(T0.plusSeconds(30L * t++))
                        .build(), brokerFindings))));
            }
            List<Alert> raised = store.alerts(AlertStore.Filter.RAISED, null, 10).stream()
                    .filter(a -> !a.key().ruleId().startsWith("host.")).toList();
            assertThat(raised).extracting(a -> a.key().ruleId())
                    .containsExactlyInAnyOrder("broker.threads.io", "workload.group.lag");
            // the broker restarts: three reports that could not read it
            for (int i = 0; i < 3; i++) {
                service.onStored(List.of(incoming(Reports.broker("kafka-a01", 1).brokerDownLastKnown("c-prod")
                        .at(T0.plusSeconds(30L * t++)).build())));
            }
            for (Alert a : raised) {
                assertThat(store.alert(a.id()).orElseThrow().state()).as(a.key().ruleId()).isEqualTo(AlertState.RAISED);
            }
            // back, findings still there; then a report whose lag check was unknown (groups not read)
            service.onStored(List.of(incoming(plus(Reports.broker("kafka-a01", 1).at(T0.plusSeconds(30L * t++))
                    .build(), brokerFindings))));
            for (int i = 0; i < 3; i++) {
                service.onStored(List.of(incoming(plus(Reports.broker("kafka-a01", 1).at(T0.plusSeconds(30L * t++))
                        .build(), List.of(brokerFindings.get(0)), "workload.group.lag"))));
            }
            for (Alert a : raised) {
                assertThat(store.notifications(a.id())).as(a.key().ruleId())
                        .extracting(n -> n.notification().status()).containsExactly(AlertStatus.RAISED);
                assertThat(store.alert(a.id()).orElseThrow().state()).isEqualTo(AlertState.RAISED);
            }
            assertThat(store.alerts(AlertStore.Filter.RAISED, null, 10)).extracting(Alert::id)
                    .containsAll(raised.stream().map(Alert::id).toList());
            // a judged report without the lag finding counts as absence again: it clears after two
            for (int i = 0; i < 2; i++) {
                service.onStored(List.of(incoming(plus(Reports.broker("kafka-a01", 1).at(T0.plusSeconds(30L * t++))
                        .build(), List.of(brokerFindings.get(0))))));
            }
            Alert lag = raised.stream().filter(a -> a.key().ruleId().equals("workload.group.lag")).findFirst()
                    .orElseThrow();
            assertThat(store.notifications(lag.id())).extracting(n -> n.notification().status())
                    .containsExactly(AlertStatus.RAISED, AlertStatus.CLEAR);
        }
    }

    static Report withSeverity(long t, Severity severity) {
        return plus(Reports.broker("kafka-a01", 1).at(T0.plusSeconds(30 * t)).build(), List.of(new Finding(
                "broker.threads.io", severity, "broker 1", "8", "16", "why", Map.of(), List.of())));
    }

    static AlertsConfig paging() {
        return new AlertsConfig(List.of(new ReceiverConfig("ops-hook", "webhook", Map.of("url", "http://x/")),
                new ReceiverConfig("pager", "webhook", Map.of("url", "http://y/"))),
                List.of(new Route(null, Severity.CRITICAL, List.of("pager")),
                        new Route(null, Severity.WARNING, List.of("ops-hook"))), 2, 2, null, null);
    }

    static List<String> deliveries(AlertStore store, String alertId) throws Exception {
        return store.deliveries(alertId).stream().map(d -> d.status() + " " + d.receiver()).toList();
    }

    @Test
    void updatesAndTheClearGoToEveryReceiverThatHadTheEpisode(@TempDir Path dir) throws Exception {
        MutableClock clock = new MutableClock(T0.plusSeconds(3600));
        try (H2ReportStore reports = H2ReportStore.open(dir, json.mapper())) {
            JdbcAlertStore store = new JdbcAlertStore(reports.dataSource(), reports.durableSql(), json.mapper());
            AlertService service = new AlertService(paging(), store, Set.of("ops-hook", "pager"), clock, json, 600,
                    List.of(), () -> { });
            service.onStored(List.of(incoming(withSeverity(0, Severity.CRITICAL))));
            Alert a = store.alerts(AlertStore.Filter.RAISED, null, 10).stream()
                    .filter(x -> x.key().ruleId().equals("broker.threads.io")).findFirst().orElseThrow();
            // down to a warning (the pager's route no longer matches), then gone: the pager's incident still ends
            service.onStored(List.of(incoming(withSeverity(1, Severity.WARNING))));
            service.onStored(List.of(incoming(Reports.broker("kafka-a01", 1).at(T0.plusSeconds(60)).build()),
                    incoming(Reports.broker("kafka-a01", 1).at(T0.plusSeconds(90)).build())));
            assertThat(deliveries(store, a.id())).containsExactly("RAISED ops-hook", "RAISED pager",
                    "UPDATE ops-hook", "UPDATE pager", "CLEAR ops-hook", "CLEAR pager");

            // a warning that only the hook had, raised to critical: the pager joins at the UPDATE and gets the CLEAR
            service.onStored(List.of(incoming(withSeverity(4, Severity.WARNING)),
                    incoming(withSeverity(5, Severity.WARNING))));
            Alert b = store.alerts(AlertStore.Filter.RAISED, null, 10).stream()
                    .filter(x -> x.key().ruleId().equals("broker.threads.io")).findFirst().orElseThrow();
            service.onStored(List.of(incoming(withSeverity(6, Severity.CRITICAL)),
                    incoming(Reports.broker("kafka-a01", 1).at(T0.plusSeconds(210)).build()),
                    incoming(Reports.broker("kafka-a01", 1).at(T0.plusSeconds(240)).build())));
            assertThat(deliveries(store, b.id())).containsExactly("RAISED ops-hook", "UPDATE ops-hook",
                    "UPDATE pager", "CLEAR ops-hook", "CLEAR pager");
        }
    }

    @Test
    void aSilenceNeverSwallowsTheClearOfANotifiedEpisodeAndOneEndingSendsTheHeldRaised(@TempDir Path dir)
            throws Exception {
        MutableClock clock = new MutableClock(T0.plusSeconds(3600));
        try (H2ReportStore reports = H2ReportStore.open(dir, json.mapper())) {
            JdbcAlertStore store = new JdbcAlertStore(reports.dataSource(), reports.durableSql(), json.mapper());
            AlertService service = new AlertService(paging(), store, Set.of("ops-hook", "pager"), clock, json, 600,
                    List.of(), () -> { });
            service.onStored(List.of(incoming(withSeverity(0, Severity.CRITICAL))));
            Alert a = store.alerts(AlertStore.Filter.RAISED, null, 10).stream()
                    .filter(x -> x.key().ruleId().equals("broker.threads.io")).findFirst().orElseThrow();
            Silence quiet = new Silence("s-1", null, "kafka-a01", "broker.threads.io", "maintenance", "team-a",
                    clock.instant(), clock.instant().plus(Duration.ofHours(1)));
            store.addSilence(quiet);
            service.onStored(List.of(incoming(Reports.broker("kafka-a01", 1).at(T0.plusSeconds(30)).build()),
                    incoming(Reports.broker("kafka-a01", 1).at(T0.plusSeconds(60)).build())));
            assertThat(deliveries(store, a.id())).containsExactly("RAISED ops-hook", "RAISED pager", "CLEAR ops-hook",
                    "CLEAR pager");

            // raised while silenced: held back; when the silence ends the alert is still open, so its RAISED goes
            service.onStored(List.of(incoming(withSeverity(3, Severity.CRITICAL))));
            Alert b = store.alerts(AlertStore.Filter.RAISED, null, 10).stream()
                    .filter(x -> x.key().ruleId().equals("broker.threads.io")).findFirst().orElseThrow();
            clock.advance(Duration.ofMinutes(1));
            service.tick(List.of());
            assertThat(deliveries(store, b.id())).isEmpty();
            assertThat(store.notifications(b.id())).singleElement()
                    .satisfies(n -> assertThat(n.silencedBy()).isEqualTo("s-1"));
            // a restart keeps knowing it was held back
            service = new AlertService(paging(), store, Set.of("ops-hook", "pager"), clock, json, 600,
                    List.of(), () -> { });
            assertThat(store.deleteSilence("s-1")).isTrue();
            service.tick(List.of());
            assertThat(deliveries(store, b.id())).containsExactly("RAISED ops-hook", "RAISED pager");
            service.tick(List.of());
            assertThat(deliveries(store, b.id())).hasSize(2);
            // an episode no receiver ever had (raised and cleared under a silence) notifies nobody
            store.addSilence(new Silence("s-2", null, "kafka-a01", "host.vm.swappiness", "known", "team-a",
                    clock.instant(), clock.instant().plus(Duration.ofHours(1))));
            service.onStored(List.of(incoming(Reports.broker("kafka-a01", 1).swappiness("60")
                    .at(T0.plusSeconds(150)).build()), incoming(Reports.broker("kafka-a01", 1).swappiness("60")
                    .at(T0.plusSeconds(180)).build())));
            Alert c = store.alerts(AlertStore.Filter.RAISED, null, 10).stream()
                    .filter(x -> x.key().ruleId().equals("host.vm.swappiness")).findFirst().orElseThrow();
            service.onStored(List.of(incoming(Reports.broker("kafka-a01", 1).at(T0.plusSeconds(210)).build()),
                    incoming(Reports.broker("kafka-a01", 1).at(T0.plusSeconds(240)).build())));
            assertThat(store.notifications(c.id())).extracting(n -> n.notification().status() + " " + n.silencedBy())
                    .containsExactly("RAISED s-2", "CLEAR s-2");
            assertThat(deliveries(store, c.id())).isEmpty();
        }
    }

    static Report lag(String host, int node, long t, boolean lagging) {
        Report r = Reports.broker(host, node).at(T0.plusSeconds(30 * t)).build();
        return lagging ? plus(r, List.of(finding("workload.group.lag", "group billing"))) : r;
    }

    @Test
    void aGroupAlertIsTheClustersAndSurvivesItsCoordinatorMoving(@TempDir Path dir) throws Exception {
        MutableClock clock = new MutableClock(T0.plusSeconds(3600));
        try (H2ReportStore reports = H2ReportStore.open(dir, json.mapper())) {
            JdbcAlertStore store = new JdbcAlertStore(reports.dataSource(), reports.durableSql(), json.mapper());
            AlertService service = new AlertService(config(null), store, Set.of("ops-hook"), clock, json, 600,
                    List.of(), () -> { });
            service.onStored(List.of(incoming(lag("kafka-a01", 1, 0, true)), incoming(lag("kafka-a02", 2, 0, false))));
            service.onStored(List.of(incoming(lag("kafka-a01", 1, 1, true)), incoming(lag("kafka-a02", 2, 1, false))));
            List<Alert> raised = store.alerts(AlertStore.Filter.RAISED, null, 10).stream()
                    .filter(a -> a.key().ruleId().equals("workload.group.lag")).toList();
            assertThat(raised).singleElement().satisfies(a -> {
                assertThat(a.key()).isEqualTo(AlertKey.cluster("c-prod", "workload.group.lag", "group billing"));
                assertThat(a.key().hostOrNull()).isNull();
            });
            Alert a = raised.get(0);
            assertThat(store.notifications(a.id())).singleElement()
                    .satisfies(n -> assertThat(n.notification().host()).isNull());
            // the coordinator moves to kafka-a02: either order of their reports, nothing clears or is raised again
            for (long t = 2; t < 8; t++) {
                boolean onA02 = t >= 3;
                List<Incoming> batch = new java.util.ArrayList<>(List.of(incoming(lag("kafka-a01", 1, t, !onA02)),
                        incoming(lag("kafka-a02", 2, t, onA02))));
                if (t % 2 == 0) {
                    java.util.Collections.reverse(batch);
                }
                for (Incoming in : batch) {
                    service.onStored(List.of(in));
                }
            }
            assertThat(store.alerts(AlertStore.Filter.ALL, null, 10).stream()
                    .filter(x -> x.key().ruleId().equals("workload.group.lag"))).extracting(Alert::id)
                    .containsExactly(a.id());
            assertThat(store.notifications(a.id())).extracting(n -> n.notification().status())
                    .containsExactly(AlertStatus.RAISED);
            // the lag is gone everywhere: once no broker's latest report has it, two reports clear it
            service.onStored(List.of(incoming(lag("kafka-a01", 1, 8, false)), incoming(lag("kafka-a02", 2, 8, false))));
            assertThat(store.notifications(a.id())).hasSize(1);
            service.onStored(List.of(incoming(lag("kafka-a01", 1, 9, false))));
            assertThat(store.notifications(a.id())).extracting(n -> n.notification().status())
                    .containsExactly(AlertStatus.RAISED, AlertStatus.CLEAR);
        }
    }

    @Test
    void theHourlyCheckDeletesEpisodesClearedBeyondRetention(@TempDir Path dir) throws Exception {
        MutableClock clock = new MutableClock(T0.plusSeconds(3600));
        try (H2ReportStore reports = H2ReportStore.open(dir, json.mapper())) {
            JdbcAlertStore store = new JdbcAlertStore(reports.dataSource(), reports.durableSql(), json.mapper());
            AlertService service = new AlertService(config(null), store, Set.of(), clock, json, 600, List.of(),
                    () -> { }).retaining(Duration.ofDays(1));
            for (int i = 0; i < 2; i++) {
                service.onStored(List.of(incoming(Reports.broker("kafka-a01", 1).swappiness("60")
                        .at(T0.plusSeconds(30L * i)).build())));
            }
            for (int i = 2; i < 4; i++) {
                service.onStored(List.of(incoming(Reports.broker("kafka-a01", 1).at(T0.plusSeconds(30L * i)).build())));
            }
            Alert done = store.alerts(AlertStore.Filter.CLEARED, null, 10).get(0);
            service.tick(List.of());
            assertThat(store.alert(done.id())).as("cleared less than a day ago").isPresent();
            clock.advance(Duration.ofDays(2));
            service.tick(List.of());
            assertThat(store.alert(done.id())).isEmpty();
            assertThat(store.notifications(done.id())).isEmpty();
        }
    }
}
