package dev.brokertuner.collector.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.brokertuner.collector.CollectorFixture;
import dev.brokertuner.collector.Reports;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.SelfSignedCertificate;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** With {@code tls}, the collector serves HTTPS only. */
class TlsTest {
    @Test
    void servesIngestOverHttps(@TempDir Path dir) throws Exception {
        SelfSignedCertificate cert = SelfSignedCertificate.create("localhost");
        String tls = "tls: {certFile: " + cert.certificatePath() + ", keyFile: " + cert.privateKeyPath() + "}\n";
        Vertx vertx = Vertx.vertx();
        try (CollectorFixture c = new CollectorFixture(dir, Clock.systemUTC(), tls)) {
            WebClient https = WebClient.create(vertx, new WebClientOptions().setSsl(true).setTrustAll(true)
                    .setVerifyHost(false));
            var r = Reports.broker("kafka-tls", 1).build();
            var resp = https.post(c.port(), "127.0.0.1", "/v1/reports")
                    .putHeader("Authorization", "Bearer " + CollectorFixture.TOKEN)
                    .putHeader("Content-Encoding", "gzip").putHeader("Idempotency-Key", r.reportId())
                    .sendBuffer(Buffer.buffer(CollectorFixture.gzip(c.json.write(r)))).await(30, TimeUnit.SECONDS);
            assertThat(resp.statusCode()).isEqualTo(202);
            assertThat(https.get(c.port(), "127.0.0.1", "/health").send().await(30, TimeUnit.SECONDS).statusCode())
                    .isEqualTo(200);
            boolean plainFailed;
            try {
                var plain = c.get("/health", null);
                plainFailed = plain.statusCode() != 200;
            } catch (Exception e) {
                plainFailed = true;
            }
            assertThat(plainFailed).as("plain HTTP is not served on the TLS port").isTrue();
        } finally {
            vertx.close().await(10, TimeUnit.SECONDS);
        }
    }
}
