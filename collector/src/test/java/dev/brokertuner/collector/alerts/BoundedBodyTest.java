package dev.brokertuner.collector.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Receivers' answers are read up to 4 KiB: a receiver answering with a huge body is not read to its end. */
class BoundedBodyTest {
    private static final long HUGE = 256L * 1024 * 1024;
    private HttpServer server;
    private final AtomicLong written = new AtomicLong();
    private final CompletableFuture<Boolean> cutOff = new CompletableFuture<>();

    /** A receiver answering {@code status} with a 256 MiB body, counting what it managed to send. */
    private URI huge(int status) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", ex -> {
            ex.getRequestBody().readAllBytes();
            ex.sendResponseHeaders(status, 0);
            byte[] chunk = "x".repeat(64 * 1024).getBytes(StandardCharsets.US_ASCII);
            try (OutputStream out = ex.getResponseBody()) {
                while (written.get() < HUGE) {
                    out.write(chunk);
                    written.addAndGet(chunk.length);
                }
                cutOff.complete(false);
            } catch (IOException e) {
                cutOff.complete(true);
            }
        });
        server.start();
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/hook");
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    @Test
    void aHugeAnswerIsCutOffAndItsReasonStaysShort() throws Exception {
        var post = new JsonPost("slack", Duration.ofSeconds(10), Clock.systemUTC());
        DeliveryResult r = post.post(huge(400), JsonPost.mapper().createObjectNode(), Map.of());
        assertThat(r).isInstanceOf(DeliveryResult.Rejected.class);
        assertThat(((DeliveryResult.Rejected) r).reason()).startsWith("slack answered HTTP 400: xxx")
                .hasSizeLessThan(BoundedBody.MAX + 100);
        assertThat(cutOff.get(30, TimeUnit.SECONDS)).as("the collector hung up before the body's end").isTrue();
        assertThat(written.get()).isLessThan(HUGE);
    }

    @Test
    void theWebhookReadsAtMost4KiBOfAnAnswerToo() throws Exception {
        var hook = new WebhookReceiver("bt", huge(500), Duration.ofSeconds(10));
        DeliveryResult r = hook.deliver(WebhookReceiverTest.clear());
        assertThat(r).isInstanceOf(DeliveryResult.Retry.class);
        assertThat(cutOff.get(30, TimeUnit.SECONDS)).isTrue();
        assertThat(written.get()).isLessThan(HUGE);
    }

    @Test
    void theSubscriberStopsAtTheLimitAndCancels() {
        var body = new BoundedBody(10);
        AtomicBoolean cancelled = new AtomicBoolean();
        AtomicLong requested = new AtomicLong();
        body.onSubscribe(new Flow.Subscription() {
            @Override
            public void request(long n) {
                requested.addAndGet(n);
            }

            @Override
            public void cancel() {
                cancelled.set(true);
            }
        });
        body.onNext(List.of(ByteBuffer.wrap("abcdef".getBytes(StandardCharsets.US_ASCII))));
        assertThat(cancelled).isFalse();
        assertThat(body.getBody().toCompletableFuture()).isNotDone();
        body.onNext(List.of(ByteBuffer.wrap("ghijkl".getBytes(StandardCharsets.US_ASCII))));
        assertThat(cancelled).isTrue();
        assertThat(requested.get()).isEqualTo(2);
        assertThat(body.getBody().toCompletableFuture().join()).isEqualTo("abcdefghij");
    }

    @Test
    void aShortAnswerIsReadWhole() {
        var body = new BoundedBody(BoundedBody.MAX);
        body.onSubscribe(new Flow.Subscription() {
            @Override
            public void request(long n) {
            }

            @Override
            public void cancel() {
            }
        });
        body.onNext(List.of(ByteBuffer.wrap("ok".getBytes(StandardCharsets.US_ASCII))));
        body.onComplete();
        assertThat(body.getBody().toCompletableFuture().join()).isEqualTo("ok");
    }
}
