package dev.brokertuner.testkit;

import java.util.concurrent.CountDownLatch;

/**
 * Runs one {@link KraftBroker} for a demo until this JVM is stopped (Ctrl-C, SIGTERM), then kills it and deletes
 * its directories, printing where
 * to reach it, one {@code key=value} per line: {@code bootstrap}, {@code jmxPort}, {@code jmxUrl}, {@code pid},
 * {@code serverProperties}, {@code logDir}, {@code brokerLog}, then {@code ready}.
 *
 * <pre>
 * java -cp testkit/target/classes dev.brokertuner.testkit.KraftBrokerMain [--heap -Xmx256m] [--kafka 3.9.1] [key=value ...]
 * </pre>
 * Each {@code key=value} becomes a broker property (e.g. {@code num.io.threads=1}).
 */
public final class KraftBrokerMain {
    private KraftBrokerMain() {
    }

    public static void main(String[] args) throws Exception {
        KraftBroker.Builder builder = KraftBroker.builder();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("--heap") && i + 1 < args.length) {
                builder.heap(args[++i]);
            } else if (a.equals("--kafka") && i + 1 < args.length) {
                builder.version(args[++i]);
            } else if (a.contains("=") && !a.startsWith("-")) {
                builder.property(a.substring(0, a.indexOf('=')), a.substring(a.indexOf('=') + 1));
            } else {
                System.err.println("usage: KraftBrokerMain [--heap -XmxN] [--kafka VERSION] [broker.property=value ...]");
                System.exit(64);
            }
        }
        KraftBroker broker = builder.start();
        CountDownLatch done = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            broker.close();
            done.countDown();
        }, "kraft-broker-main-stop"));
        System.out.println("bootstrap=" + broker.bootstrap());
        System.out.println("jmxPort=" + broker.jmxPort());
        System.out.println("jmxUrl=" + broker.jmxUrl());
        System.out.println("pid=" + broker.pid());
        System.out.println("serverProperties=" + broker.serverProperties());
        System.out.println("logDir=" + broker.logDirs().get(0));
        System.out.println("brokerLog=" + broker.logFile());
        System.out.println("ready");
        System.out.flush();
        done.await();
    }
}
