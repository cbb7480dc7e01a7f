package dev.brokertuner.collector.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.brokertuner.collector.CollectorFixture;
import dev.brokertuner.collector.Reports;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpResponse;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 11 item 5 (collector): every response forbids framing, sniffing and script from anywhere but itself. */
class SecurityHeadersTest {
    @Test
    void everyResponseCarriesTheBrowserHardeningHeaders(@TempDir Path dir) throws Exception {
        try (CollectorFixture c = new CollectorFixture(dir)) {
            List<HttpResponse<Buffer>> answers = new ArrayList<>();
            answers.add(c.get("/", null));
            answers.add(c.get("/ui/app.js", null));
            answers.add(c.get("/health", null));
            answers.add(c.get("/metrics", null));
            answers.add(c.get("/v1/fleet", null));
            answers.add(c.get("/v1/fleet"));
            answers.add(c.get("/no/such/page", null));
            answers.add(c.post(new byte[] {1}, null, null, null));
            answers.add(c.post(Reports.broker("kafka-a01", 1).build()));
            assertThat(answers).extracting(HttpResponse::statusCode).contains(200, 401, 404, 202);
            for (HttpResponse<Buffer> r : answers) {
                String csp = r.getHeader("Content-Security-Policy");
                assertThat(csp).as("status " + r.statusCode()).isNotNull()
                        .contains("script-src 'self'", "style-src 'self'", "frame-ancestors 'none'")
                        .doesNotContain("unsafe-inline", "unsafe-eval", "*");
                assertThat(r.getHeader("X-Content-Type-Options")).isEqualTo("nosniff");
                assertThat(r.getHeader("X-Frame-Options")).isEqualTo("DENY");
            }
        }
    }

    @Test
    void theDashboardHasNoInlineScriptOrStyleForThePolicyToBlock() throws Exception {
        String html = resource("dev/brokertuner/collector/web/index.html");
        String js = resource("dev/brokertuner/collector/web/app.js");
        assertThat(Pattern.compile("<script(?![^>]*\\bsrc=)[^>]*>", Pattern.CASE_INSENSITIVE).matcher(html).find())
                .as("a <script> without src").isFalse();
        assertThat(Pattern.compile("<style", Pattern.CASE_INSENSITIVE).matcher(html).find()).isFalse();
        assertThat(Pattern.compile("\\sstyle=|\\son[a-z]+=", Pattern.CASE_INSENSITIVE).matcher(html).find())
                .as("inline style or event handler attributes").isFalse();
        assertThat(Pattern.compile("style=|\\bon[a-z]+=\\\\?[\"']|javascript:|\\beval\\(|new Function\\(")
                .matcher(js).find()).as("markup built with inline style, handlers or eval").isFalse();
    }

    private static String resource(String path) throws Exception {
        try (InputStream in = SecurityHeadersTest.class.getClassLoader().getResourceAsStream(path)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
