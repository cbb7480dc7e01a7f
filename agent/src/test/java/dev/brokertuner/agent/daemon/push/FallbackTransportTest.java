package dev.brokertuner.agent.daemon.push;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Kafka first; HTTPS only after the cluster has failed for the whole fallback time; back on Kafka when it works. */
class FallbackTransportTest {
    private final Outbox.Entry entry = new Outbox.Entry(1, "r1", Path.of("/nonexistent"), 3);

    @Test
    void fallsBackOnlyAfterTheConfiguredTimeAndReturnsWhenKafkaWorks() {
        Fake kafka = new Fake("kafka");
        Fake https = new Fake("https");
        Instant[] now = {Instant.parse("2026-12-01T12:00:00Z")};
        Clock clock = new Clock() {
            @Override
            public ZoneOffset getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(java.time.ZoneId zone) {
                return this;
            }

            @Override
            public Instant instant() {
                return now[0];
            }
        };
        PublisherStats stats = new PublisherStats();
        FallbackTransport t = new FallbackTransport(kafka, https, Duration.ofSeconds(60), clock, stats);

        kafka.next.add(new Sent.Retry("kafka: timeout", null));
        assertThat(send(t)).isInstanceOf(Sent.Retry.class);
        now[0] = now[0].plusSeconds(59);
        kafka.next.add(new Sent.Retry("kafka: timeout", null));
        assertThat(send(t)).isInstanceOf(Sent.Retry.class);
        assertThat(stats.fallbackActive.get()).as("59 s of failures: not yet").isZero();
        assertThat(https.calls).isEmpty();

        now[0] = now[0].plusSeconds(1);
        kafka.next.add(new Sent.Retry("kafka: timeout", null));
        send(t);
        assertThat(stats.fallbackActive.get()).as("60 s of failures").isEqualTo(1);
        assertThat(stats.fallbackReason.get()).contains("unreachable since 2026-12-01T12:00:00Z")
                .contains("kafka: timeout");
        assertThat(t.target()).startsWith("https");

        https.next.add(new Sent.Accepted(false));
        assertThat(send(t)).isEqualTo(new Sent.Accepted(false));
        assertThat(kafka.calls).as("no Kafka probe before another fallback period").hasSize(3);
        assertThat(https.calls).hasSize(1);

        now[0] = now[0].plusSeconds(60);
        kafka.next.add(new Sent.Retry("kafka: still down", null));
        https.next.add(new Sent.Accepted(false));
        assertThat(send(t)).as("a failed probe goes on over HTTPS in the same attempt")
                .isEqualTo(new Sent.Accepted(false));
        assertThat(kafka.calls).hasSize(4);
        assertThat(stats.fallbackActive.get()).isEqualTo(1);

        now[0] = now[0].plusSeconds(60);
        kafka.next.add(new Sent.Accepted(false));
        assertThat(send(t)).isEqualTo(new Sent.Accepted(false));
        assertThat(stats.fallbackActive.get()).as("Kafka works again").isZero();
        assertThat(stats.fallbackReason.get()).isNull();
        assertThat(stats.fallbacks.get()).isEqualTo(1);
        assertThat(https.calls).hasSize(2);
        kafka.next.add(new Sent.Accepted(false));
        send(t);
        assertThat(https.calls).hasSize(2);
    }

    @Test
    void aRejectedReportIsNoSignOfAnUnreachableCluster() {
        Fake kafka = new Fake("kafka");
        Fake https = new Fake("https");
        Instant[] now = {Instant.parse("2026-12-01T12:00:00Z")};
        Clock clock = Clock.fixed(now[0], ZoneOffset.UTC);
        PublisherStats stats = new PublisherStats();
        FallbackTransport t = new FallbackTransport(kafka, https, Duration.ofSeconds(1), clock, stats);
        kafka.next.add(new Sent.Rejected("too large"));
        assertThat(send(t)).isInstanceOf(Sent.Rejected.class);
        kafka.next.add(new Sent.Rejected("too large"));
        send(t);
        assertThat(stats.fallbackActive.get()).isZero();
        assertThat(https.calls).isEmpty();
    }

    private Sent send(Transport t) {
        Future<Sent> f = t.send(entry, new byte[] {1, 2, 3});
        assertThat(f.isComplete()).isTrue();
        return f.result();
    }

    private static final class Fake implements Transport {
        final String name;
        final Deque<Sent> next = new ArrayDeque<>();
        final List<String> calls = new ArrayList<>();

        Fake(String name) {
            this.name = name;
        }

        @Override
        public String target() {
            return name;
        }

        @Override
        public Future<Sent> send(Outbox.Entry entry, byte[] gzipBody) {
            calls.add(entry.reportId());
            return Future.succeededFuture(next.isEmpty() ? new Sent.Retry("no answer scripted", null) : next.poll());
        }
    }
}
