package dev.brokertuner.agent.workload;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.concurrent.atomic.AtomicInteger;
import javax.management.MBeanServer;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;

/**
 * Test support: a connection to an in-JVM MBean server that counts the {@code getAttributes} calls made over it
 * (each one a round trip over RMI), and a broker JVM's {@code java.lang:type=Runtime StartTime} to register on it.
 * Each {@link #over} is a new connection object (as a reconnect gives).
 */
final class CountedConnection {
    final MBeanServerConnection connection;
    final AtomicInteger getAttributes = new AtomicInteger();

    private CountedConnection(MBeanServer server) {
        this.connection = (MBeanServerConnection) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {MBeanServerConnection.class}, (proxy, method, args) -> {
                    if (method.getName().equals("getAttributes")) {
                        getAttributes.incrementAndGet();
                    }
                    try {
                        return method.invoke(server, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    /** A new connection to {@code server}. */
    static CountedConnection over(MBeanServer server) {
        return new CountedConnection(server);
    }

    /** {@code java.lang:type=Runtime} as a broker JVM shows it. */
    public interface RuntimeMBean {
        long getStartTime();
    }

    /** A broker JVM's Runtime bean; {@code startTime} changes when the broker restarts. */
    public static final class Runtime implements RuntimeMBean {
        volatile long startTime;

        Runtime(long startTime) {
            this.startTime = startTime;
        }

        @Override
        public long getStartTime() {
            return startTime;
        }
    }

    /** Registers a broker Runtime bean started at {@code startTime} on {@code server}. */
    static Runtime runtime(MBeanServer server, long startTime) throws Exception {
        Runtime r = new Runtime(startTime);
        server.registerMBean(r, new ObjectName("java.lang:type=Runtime"));
        return r;
    }
}
