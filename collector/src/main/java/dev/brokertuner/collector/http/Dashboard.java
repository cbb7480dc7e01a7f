package dev.brokertuner.collector.http;

import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.StaticHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Properties;

/**
 * The dashboard: {@code /} is a single page (fleet, cluster and host pages by URL fragment) whose data comes from the
 * REST API with the viewer token the sign-in form stores in the browser's session storage. Its chart library is
 * Chart.js from the {@code org.webjars.npm:chart.js} jar on the classpath, served under {@code /webjars/}: nothing
 * loads from the internet, so the dashboard works air-gapped.
 */
public final class Dashboard {
    static final String WEB = "dev/brokertuner/collector/web";
    static final String CHARTJS_POM = "META-INF/maven/org.webjars.npm/chart.js/pom.properties";

    private final byte[] index;
    private final byte[] openApi;

    /**
     * Loads the page and the API description from the classpath.
     *
     * @param viewersOpen true when viewers need no token (the page then skips the sign-in form)
     */
    public Dashboard(boolean viewersOpen) {
        String chartVersion = chartJsVersion();
        String html = new String(resource(WEB + "/index.html"), StandardCharsets.UTF_8)
                .replace("@CHARTJS@", "/webjars/chart.js/" + chartVersion + "/dist/chart.umd.min.js")
                .replace("@VIEWERS@", viewersOpen ? "open" : "token");
        this.index = html.getBytes(StandardCharsets.UTF_8);
        this.openApi = resource("dev/brokertuner/collector/openapi.yaml");
    }

    /** The OpenAPI description. */
    public byte[] openApi() {
        return openApi.clone();
    }

    /** Adds {@code /} (also as {@code /ui/} and {@code /ui/index.html}), {@code /ui/*} and {@code /webjars/*}. */
    public void mount(Router router) {
        // the page is served rendered (Chart.js path and viewer mode filled in) wherever it is asked for: the
        // static handler below would serve the template itself for /ui/ and /ui/index.html
        for (String path : new String[] {"/", "/ui", "/ui/", "/ui/index.html"}) {
            router.get(path).handler(ctx -> ctx.response().putHeader("Content-Type", "text/html; charset=utf-8")
                    .putHeader("Cache-Control", "no-store").end(Buffer.buffer(index)));
        }
        router.get("/ui/*").handler(StaticHandler.create(WEB).setCachingEnabled(false));
        router.get("/webjars/*").handler(StaticHandler.create("META-INF/resources/webjars"));
    }

    private static String chartJsVersion() {
        Properties p = new Properties();
        try (InputStream in = Dashboard.class.getClassLoader().getResourceAsStream(CHARTJS_POM)) {
            if (in == null) {
                throw new IllegalStateException("the Chart.js WebJar is not on the classpath (" + CHARTJS_POM + ")");
            }
            p.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return p.getProperty("version");
    }

    private static byte[] resource(String path) {
        try (InputStream in = Dashboard.class.getClassLoader().getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("missing classpath resource " + path);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
