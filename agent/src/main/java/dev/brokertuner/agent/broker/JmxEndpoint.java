package dev.brokertuner.agent.broker;

import java.net.MalformedURLException;
import javax.management.remote.JMXServiceURL;

/**
 * Parses a JMX endpoint as the operator writes it: {@code host:port} (the RMI registry of
 * {@code -Dcom.sun.management.jmxremote.port}), {@code :port} or a full {@code service:jmx:} URL.
 */
public final class JmxEndpoint {
    private JmxEndpoint() {
    }

    /**
     * The service URL for an endpoint string.
     *
     * @throws IllegalArgumentException with the reason when malformed
     */
    public static JMXServiceURL parse(String endpoint) {
        String e = endpoint == null ? "" : endpoint.trim();
        try {
            if (e.startsWith("service:jmx:")) {
                return new JMXServiceURL(e);
            }
            int colon = e.lastIndexOf(':');
            if (colon < 0) {
                throw new IllegalArgumentException("'" + endpoint + "' is not host:port or a service:jmx: URL");
            }
            String host = e.substring(0, colon);
            if (host.isEmpty()) {
                host = "127.0.0.1";
            }
            if (host.startsWith("[") && host.endsWith("]")) {
                host = host.substring(1, host.length() - 1);
            }
            int port = Integer.parseInt(e.substring(colon + 1));
            if (port <= 0 || port > 65535) {
                throw new IllegalArgumentException("port out of range in '" + endpoint + "'");
            }
            String h = host.contains(":") ? "[" + host + "]" : host;
            return new JMXServiceURL("service:jmx:rmi:///jndi/rmi://" + h + ":" + port + "/jmxrmi");
        } catch (NumberFormatException ex) {
            throw new IllegalArgumentException("'" + endpoint + "': port is not a number");
        } catch (MalformedURLException ex) {
            throw new IllegalArgumentException("'" + endpoint + "': " + ex.getMessage());
        }
    }
}
