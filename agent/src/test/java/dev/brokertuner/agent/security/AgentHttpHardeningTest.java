package dev.brokertuner.agent.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.brokertuner.agent.daemon.AgentApp;
import dev.brokertuner.agent.daemon.TinyHost;
import dev.brokertuner.agent.daemon.config.ConfigLoader;
import dev.brokertuner.agent.rules.RuleCatalog;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The loopback API against a browser-borne attacker, over raw sockets so that every header goes on the wire exactly
 * as written: hardening headers on every answer, 421 for a Host that is not a listen name (DNS rebinding), 400 for a
 * request framed both by Content-Length and by chunked encoding.
 */
class AgentHttpHardeningTest {
    @TempDir
    static Path root;
    static AgentApp app;

    @BeforeAll
    static void start() throws Exception {
        TinyHost.write(root);
        var config = new ConfigLoader(RuleCatalog.builtIn()).parse(TinyHost.config(root, 0, 2), null);
        app = AgentApp.start(config, Clock.systemUTC());
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!raw(get("/health", "127.0.0.1:" + app.port())).startsWith("HTTP/1.1 200")) {
            assertThat(System.nanoTime()).as("agent healthy within 30 s").isLessThan(deadline);
            Thread.sleep(100);
        }
    }

    @AfterAll
    static void stop() {
        app.close();
    }

    static String get(String path, String host) {
        return "GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n";
    }

    /** Sends bytes as they are and reads the answer until the server closes (or 10 s pass). */
    static String raw(String request) throws IOException {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", app.port()), 5_000);
            s.setSoTimeout(10_000);
            s.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
            s.getOutputStream().flush();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            InputStream in = s.getInputStream();
            byte[] buf = new byte[8192];
            try {
                for (int n; (n = in.read(buf)) > 0; ) {
                    out.write(buf, 0, n);
                }
            } catch (SocketTimeoutException e) {
                // what arrived is the answer
            }
            return out.toString(StandardCharsets.ISO_8859_1);
        }
    }

    static String headers(String answer) {
        int end = answer.indexOf("\r\n\r\n");
        return (end < 0 ? answer : answer.substring(0, end)).toLowerCase();
    }

    @Test
    void everyAnswerCarriesTheBrowserHardeningHeaders() throws Exception {
        String port = String.valueOf(app.port());
        for (String answer : new String[] {raw(get("/health", "127.0.0.1:" + port)),
                raw(get("/v1/report", "localhost:" + port)), raw(get("/v1/apply", "localhost")),
                raw(get("/metrics", "127.0.0.1")), raw(get("/no/such/path", "localhost")),
                raw("DELETE /v1/report HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"),
                raw(get("/health", "evil.example:" + port))}) {
            assertThat(headers(answer)).as(answer)
                    .contains("content-security-policy: default-src 'none'; frame-ancestors 'none'")
                    .contains("x-content-type-options: nosniff")
                    .contains("x-frame-options: deny");
        }
    }

    @Test
    void aForeignHostHeaderIs421AndNoDataLeaves() throws Exception {
        String port = String.valueOf(app.port());
        for (String host : new String[] {"evil.example:" + port, "evil.example", "127.0.0.1.nip.io:" + port,
                "localhost.evil.example", "127.0.0.1:" + (app.port() + 1), "[::2]:" + port, ""}) {
            String answer = raw(get("/v1/report", host));
            assertThat(answer).as("Host: " + host).startsWith("HTTP/1.1 421");
            assertThat(answer).as("Host: " + host).contains("\"status\":421", "listen names")
                    .doesNotContain("kafka-test-01");
        }
    }

    @Test
    void aMalformedHostIsRefusedAndNoDataLeaves() throws Exception {
        // Vert.x itself refuses a Host it cannot parse, before any route (and so without a body to protect)
        String answer = raw(get("/v1/report", "localhost:x"));
        assertThat(answer).startsWith("HTTP/1.1 400").doesNotContain("kafka-test-01");
    }

    @Test
    void theListenNamesWithOrWithoutThePortAreAnswered() throws Exception {
        String port = String.valueOf(app.port());
        for (String host : new String[] {"127.0.0.1", "127.0.0.1:" + port, "localhost", "LOCALHOST:" + port,
                "[::1]", "[::1]:" + port, "localhost.:" + port}) {
            String answer = raw(get("/v1/report", host));
            assertThat(answer).as("Host: " + host).startsWith("HTTP/1.1 200").contains("kafka-test-01");
        }
    }

    @Test
    void anOversizedHeaderBlockIs431WithTheHeadersAndTheDaemonStaysUp() throws Exception {
        String answer = raw("GET /v1/report HTTP/1.1\r\nHost: localhost\r\nX-Pad: " + "a".repeat(20_000)
                + "\r\nConnection: close\r\n\r\n");
        assertThat(answer).startsWith("HTTP/1.1 431").contains("\"status\":431").doesNotContain("kafka-test-01");
        assertThat(headers(answer)).contains("x-frame-options: deny");
        assertThat(raw(get("/health", "localhost"))).startsWith("HTTP/1.1 200");
    }

    @Test
    void aMissingHostOnHttp11Is400() throws Exception {
        String answer = raw("GET /v1/report HTTP/1.1\r\nConnection: close\r\n\r\n");
        assertThat(answer).startsWith("HTTP/1.1 400").doesNotContain("kafka-test-01");
    }

    @Test
    void contentLengthTogetherWithChunkedIs400AndTheSmuggledRequestIsNotServed() throws Exception {
        String smuggled = get("/v1/report", "localhost");
        String body = "0\r\n\r\n" + smuggled;
        String request = "POST /v1/report HTTP/1.1\r\nHost: localhost\r\nContent-Length: " + body.length()
                + "\r\nTransfer-Encoding: chunked\r\n\r\n" + body;
        String answer = raw(request);
        assertThat(answer).startsWith("HTTP/1.1 400").contains("Content-Length and Transfer-Encoding");
        assertThat(headers(answer)).contains("x-content-type-options: nosniff", "connection: close");
        assertThat(answer).doesNotContain("kafka-test-01").doesNotContain("HTTP/1.1 200");
        // the same framing with only one of the two headers is an ordinary request (405: the API is read-only)
        assertThat(raw("POST /v1/report HTTP/1.1\r\nHost: localhost\r\nTransfer-Encoding: chunked\r\n"
                + "Connection: close\r\n\r\n0\r\n\r\n")).startsWith("HTTP/1.1 405");
        assertThat(raw("POST /v1/report HTTP/1.1\r\nHost: localhost\r\nContent-Length: 2\r\n"
                + "Connection: close\r\n\r\n{}")).startsWith("HTTP/1.1 405");
        assertThat(raw(get("/health", "localhost"))).startsWith("HTTP/1.1 200");
    }
}
