package dev.brokertuner.agent.broker;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A Kafka broker JVM's command line, parsed from {@code <procfs>/PID/cmdline} (arguments separated by NUL bytes):
 * the main class ({@code kafka.Kafka} or a Confluent wrapper), the {@code server.properties} path, the
 * {@code --override key=value} pairs, the remote JMX port and host, and the {@code -Xmx} heap.
 *
 * @param pid              process id
 * @param mainClass        e.g. {@code kafka.Kafka}
 * @param serverProperties the properties file argument as written (may be relative to the broker's cwd), null if none
 * @param overrides        {@code --override} pairs in order
 * @param jmxPort          {@code -Dcom.sun.management.jmxremote.port}, null when JMX is not exposed remotely
 * @param jmxHost          {@code -Dcom.sun.management.jmxremote.host} or {@code -Djava.rmi.server.hostname}, null
 *                         when neither is set
 * @param heapMaxBytes     {@code -Xmx} (or {@code -XX:MaxHeapSize}), null when absent
 */
public record KafkaCommandLine(long pid, String mainClass, String serverProperties, Map<String, String> overrides,
                               Integer jmxPort, String jmxHost, Long heapMaxBytes) {
    /** Main classes that run a broker: Apache Kafka's and Confluent Platform's wrappers. */
    public static final Set<String> MAIN_CLASSES = Set.of("kafka.Kafka", "io.confluent.support.metrics.SupportedKafka",
            "io.confluent.kafka.Kafka");

    public KafkaCommandLine {
        overrides = overrides == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(overrides));
    }

    /**
     * Parses a raw {@code cmdline} (NUL-separated). Empty when the process does not run a Kafka broker main class
     * (or is a kernel thread, whose cmdline is empty).
     */
    public static Optional<KafkaCommandLine> parse(long pid, String cmdline) {
        List<String> args = split(cmdline);
        int main = -1;
        for (int i = 0; i < args.size(); i++) {
            if (MAIN_CLASSES.contains(args.get(i)) && !isOptionValue(args, i)) {
                main = i;
                break;
            }
        }
        if (main < 0) {
            return Optional.empty();
        }
        Integer jmxPort = null;
        String jmxHost = null;
        String rmiHost = null;
        Long heap = null;
        for (String a : args.subList(0, main)) {
            if (a.startsWith("-Dcom.sun.management.jmxremote.port=")) {
                jmxPort = parsePort(value(a));
            } else if (a.startsWith("-Dcom.sun.management.jmxremote.host=")) {
                jmxHost = value(a);
            } else if (a.startsWith("-Djava.rmi.server.hostname=")) {
                rmiHost = value(a);
            } else if (a.startsWith("-Xmx")) {
                heap = parseSize(a.substring(4));
            } else if (a.startsWith("-XX:MaxHeapSize=")) {
                heap = parseSize(value(a));
            }
        }
        String props = null;
        Map<String, String> overrides = new LinkedHashMap<>();
        List<String> rest = args.subList(main + 1, args.size());
        for (int i = 0; i < rest.size(); i++) {
            String a = rest.get(i);
            if (a.equals("--override") && i + 1 < rest.size()) {
                putPair(overrides, rest.get(++i));
            } else if (a.startsWith("--override=")) {
                putPair(overrides, a.substring("--override=".length()));
            } else if (props == null && !a.startsWith("-")) {
                props = a;
            }
        }
        return Optional.of(new KafkaCommandLine(pid, args.get(main), props, overrides, jmxPort,
                jmxHost != null ? jmxHost : rmiHost, heap));
    }

    /** Splits NUL-separated arguments, dropping the trailing empty one. */
    static List<String> split(String cmdline) {
        if (cmdline == null || cmdline.isEmpty()) {
            return List.of();
        }
        List<String> out = new ArrayList<>(Arrays.asList(cmdline.split("\0", -1)));
        while (!out.isEmpty() && out.get(out.size() - 1).isEmpty()) {
            out.remove(out.size() - 1);
        }
        return out;
    }

    /** True when args[i] is the value of a preceding option such as {@code -cp}. */
    private static boolean isOptionValue(List<String> args, int i) {
        if (i == 0) {
            return false;
        }
        String prev = args.get(i - 1);
        return prev.equals("-cp") || prev.equals("-classpath") || prev.equals("--class-path");
    }

    private static String value(String arg) {
        return arg.substring(arg.indexOf('=') + 1).trim();
    }

    private static void putPair(Map<String, String> map, String pair) {
        int eq = pair.indexOf('=');
        if (eq > 0) {
            map.put(pair.substring(0, eq).trim(), pair.substring(eq + 1).trim());
        }
    }

    private static Integer parsePort(String s) {
        try {
            int p = Integer.parseInt(s);
            return p > 0 && p < 65536 ? p : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** Parses a JVM size ({@code 4g}, {@code 512M}, {@code 1073741824}); null when malformed. */
    static Long parseSize(String s) {
        if (s == null || s.isBlank()) {
            return null;
        }
        String t = s.trim().toLowerCase(Locale.ROOT);
        long mult = 1;
        char last = t.charAt(t.length() - 1);
        switch (last) {
            case 'k' -> mult = 1L << 10;
            case 'm' -> mult = 1L << 20;
            case 'g' -> mult = 1L << 30;
            case 't' -> mult = 1L << 40;
            default -> {
            }
        }
        String digits = mult == 1 ? t : t.substring(0, t.length() - 1);
        try {
            return Math.multiplyExact(Long.parseLong(digits), mult);
        } catch (NumberFormatException | ArithmeticException e) {
            return null;
        }
    }
}
