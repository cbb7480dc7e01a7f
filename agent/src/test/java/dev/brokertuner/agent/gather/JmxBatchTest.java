package dev.brokertuner.agent.gather;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@link JmxBatch} over this JVM's own platform MBean server, through a connection that counts its calls. */
class JmxBatchTest {
    final AtomicInteger queries = new AtomicInteger();
    final AtomicInteger reads = new AtomicInteger();
    final Set<String> readThreads = java.util.concurrent.ConcurrentHashMap.newKeySet();
    volatile boolean broken;
    final JmxBatch pooled = new JmxBatch(4, 3, System::nanoTime);

    @AfterEach
    void close() {
        pooled.close();
    }

    MBeanServerConnection counting() {
        var server = ManagementFactory.getPlatformMBeanServer();
        return (MBeanServerConnection) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {MBeanServerConnection.class}, (proxy, method, args) -> {
                    if (broken) {
                        throw new IOException("connection reset");
                    }
                    if (method.getName().equals("queryNames")) {
                        queries.incrementAndGet();
                    } else if (method.getName().equals("getAttributes")) {
                        reads.incrementAndGet();
                        readThreads.add(Thread.currentThread().getName());
                    }
                    try {
                        return method.invoke(server, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    static ObjectName name(String s) throws Exception {
        return new ObjectName(s);
    }

    @Test
    void keepsQueriedNamesAndAsksAgainWhenDueStaleOrOnANewConnection() throws Exception {
        MBeanServerConnection c = counting();
        ObjectName pattern = name("java.lang:type=GarbageCollector,name=*");
        Set<ObjectName> first = pooled.names(c, pattern);
        assertThat(first).isNotEmpty().allMatch(n -> n.getKeyProperty("type").equals("GarbageCollector"));
        assertThat(pooled.names(c, pattern)).isEqualTo(first);
        assertThat(pooled.names(c, pattern)).isEqualTo(first);
        assertThat(queries).hasValue(1);
        pooled.names(c, pattern); // the 4th read with requeryEvery 3
        assertThat(queries).hasValue(2);
        pooled.stale(pattern);
        pooled.names(c, pattern);
        assertThat(queries).hasValue(3);
        pooled.names(counting(), pattern);
        assertThat(queries).hasValue(4);
    }

    @Test
    void sequentialAsksEveryTime() throws Exception {
        MBeanServerConnection c = counting();
        JmxBatch sequential = JmxBatch.sequential(System::nanoTime);
        for (int i = 0; i < 3; i++) {
            sequential.names(c, name("java.lang:type=MemoryPool,name=*"));
        }
        assertThat(queries).hasValue(3);
    }

    @Test
    void readsSideBySideAndAnswersInTheOrderAsked() throws Exception {
        MBeanServerConnection c = counting();
        List<JmxBatch.Ask> asks = new java.util.ArrayList<>();
        for (int i = 0; i < 20; i++) {
            asks.add(new JmxBatch.Ask(name("java.lang:type=Runtime"), "Uptime", "Name"));
            asks.add(new JmxBatch.Ask(name("java.lang:type=Threading"), "ThreadCount"));
            asks.add(new JmxBatch.Ask(name("kafka.server:type=Nothing,name=Here"), "Value"));
            asks.add(new JmxBatch.Ask(name("java.lang:type=Memory"), "NoSuchAttribute"));
        }
        List<JmxBatch.Result> results = pooled.read(c, asks);
        assertThat(results).hasSize(80);
        for (int i = 0; i < 80; i += 4) {
            assertThat(results.get(i)).isInstanceOfSatisfying(JmxBatch.Result.Read.class,
                    r -> assertThat(r.attributes()).containsKeys("Uptime", "Name"));
            assertThat(results.get(i + 1)).isInstanceOfSatisfying(JmxBatch.Result.Read.class,
                    r -> assertThat(r.attributes()).containsOnlyKeys("ThreadCount"));
            assertThat(results.get(i + 2)).isInstanceOf(JmxBatch.Result.Missing.class);
            // an attribute the bean lacks is left out, as getAttributes does
            assertThat(results.get(i + 3)).isInstanceOfSatisfying(JmxBatch.Result.Read.class,
                    r -> assertThat(r.attributes()).isEmpty());
        }
        assertThat(reads).hasValue(80);
        assertThat(readThreads).allMatch(t -> t.startsWith("broker-jmx-"));
    }

    @Test
    void aBrokenConnectionIsTheCallersIOException() throws Exception {
        MBeanServerConnection c = counting();
        broken = true;
        List<JmxBatch.Ask> asks = List.of(new JmxBatch.Ask(name("java.lang:type=Runtime"), "Uptime"),
                new JmxBatch.Ask(name("java.lang:type=Threading"), "ThreadCount"));
        assertThatThrownBy(() -> pooled.read(c, asks)).isInstanceOf(IOException.class)
                .hasMessageContaining("connection reset");
        assertThatThrownBy(() -> pooled.names(c, name("java.lang:type=*"))).isInstanceOf(IOException.class);
    }
}
