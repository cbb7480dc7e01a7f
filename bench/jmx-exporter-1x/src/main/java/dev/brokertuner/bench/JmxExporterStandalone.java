package dev.brokertuner.bench;

import io.prometheus.jmx.JmxCollector;
import io.prometheus.metrics.exporter.httpserver.HTTPServer;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.File;
import java.net.InetAddress;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * jmx_exporter 1.x's standalone server, for the peers bench only: its {@code JmxCollector} in standalone mode (the
 * remote JVM named by the config's {@code hostPort}) registered in the default registry and served by the metrics
 * library's {@code HTTPServer} on a pool of 1-10 daemon threads kept 120 s, as 1.x's {@code Standalone} and its
 * {@code HTTPServerFactory} do without authentication, TLS or OpenTelemetry in the config.
 *
 * <pre>java -cp ... dev.brokertuner.bench.JmxExporterStandalone HOST:PORT CONFIG.yaml</pre>
 */
public final class JmxExporterStandalone {
    private JmxExporterStandalone() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 2 || args[0].lastIndexOf(':') < 0) {
            System.err.println("usage: JmxExporterStandalone HOST:PORT CONFIG.yaml");
            System.exit(64);
        }
        String host = args[0].substring(0, args[0].lastIndexOf(':'));
        int port = Integer.parseInt(args[0].substring(args[0].lastIndexOf(':') + 1));
        PrometheusRegistry registry = PrometheusRegistry.defaultRegistry;
        new JmxCollector(new File(args[1]), JmxCollector.Mode.STANDALONE).register(registry);
        ThreadPoolExecutor pool = new ThreadPoolExecutor(1, 10, 120, TimeUnit.SECONDS, new SynchronousQueue<>(true),
                r -> {
                    Thread t = new Thread(r, "jmx-exporter-http");
                    t.setDaemon(true);
                    return t;
                }, (r, executor) -> {
                    try {
                        executor.getQueue().put(r);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                });
        HTTPServer.builder().inetAddress(InetAddress.getByName(host)).port(port).registry(registry)
                .executorService(pool).buildAndStart();
        Thread.currentThread().join();
    }
}
