package dev.brokertuner.agent.broker;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * Checks that a bootstrap endpoint speaks Kafka before AdminClient is pointed at it: kafka-clients reads the first
 * four bytes of any answer as a message size and allocates that much, so an HTTP proxy ("HTTP" = 1.2 GB) or a TLS
 * listener reached as plaintext ends in OutOfMemoryError. The probe sends one real ApiVersions v0 request (size,
 * api key 18, version 0, correlation id, client id) over a plain socket with connect and read timeouts, reads at most
 * {@link #MAX_HEAD} bytes, and classifies the answer ({@link ProbeResult}). For SSL and SASL_SSL it first completes
 * a TLS handshake, trusting any certificate: the probe sends nothing secret and only learns whether the endpoint
 * speaks TLS and then Kafka; AdminClient verifies the certificate with the operator's settings afterwards.
 */
public final class KafkaProbe {
    /** The most bytes read from an endpoint. */
    static final int MAX_HEAD = 256;
    /** A larger ApiVersions response than this is not one (a real one is a few hundred bytes to a few KiB). */
    static final int MAX_API_VERSIONS_BYTES = 1 << 20;
    private static final short API_VERSIONS = 18;
    /**
     * The request's correlation id: the bytes CR LF CR LF, so an HTTP server reading the request sees the end of a
     * header block and answers at once instead of waiting for a line end that never comes.
     */
    static final int CORRELATION_ID = 0x0d0a0d0a;
    private static final String CLIENT_ID = "broker-tuner-probe";

    private final Duration connectTimeout;
    private final Duration readTimeout;

    public KafkaProbe(Duration connectTimeout, Duration readTimeout) {
        this.connectTimeout = connectTimeout;
        this.readTimeout = readTimeout;
    }

    /** True when these client properties make AdminClient speak TLS ({@code security.protocol} SSL or SASL_SSL). */
    public static boolean tls(String securityProtocol) {
        String p = securityProtocol == null ? "" : securityProtocol.strip().toUpperCase(Locale.ROOT);
        return p.equals("SSL") || p.equals("SASL_SSL");
    }

    /** Probes every endpoint of a {@code bootstrap.servers} list. */
    public List<ProbeResult> probeAll(String bootstrap, boolean tls) {
        List<ProbeResult> out = new ArrayList<>();
        for (String e : bootstrap.split(",")) {
            if (!e.isBlank()) {
                out.add(probe(e.strip(), tls));
            }
        }
        return out;
    }

    /** Probes one {@code host:port}. Never throws. */
    public ProbeResult probe(String endpoint, boolean tls) {
        int colon = endpoint.lastIndexOf(':');
        int port;
        String host;
        try {
            host = endpoint.substring(0, colon).replace("[", "").replace("]", "");
            port = Integer.parseInt(endpoint.substring(colon + 1));
        } catch (RuntimeException e) {
            return new ProbeResult.NoConnection(endpoint, Printable.of(endpoint, 80) + " is not host:port");
        }
        String label = Printable.of(endpoint, 80);
        Socket socket = new Socket();
        try {
            socket.connect(new InetSocketAddress(host, port), (int) connectTimeout.toMillis());
        } catch (IOException | IllegalArgumentException | SecurityException e) {
            close(socket);
            return new ProbeResult.NoConnection(endpoint, label + ": cannot connect ("
                    + Printable.of(String.valueOf(e.getMessage()), 120) + ")");
        }
        try (Socket plain = socket) {
            plain.setSoTimeout((int) readTimeout.toMillis());
            Socket s = plain;
            if (tls) {
                try {
                    s = handshake(plain, host, port);
                } catch (SocketTimeoutException e) {
                    return new ProbeResult.NotKafka(endpoint, ProbeResult.Kind.NOT_TLS, label
                            + " did not answer a TLS handshake within " + readTimeout.toSeconds() + " s although the "
                            + "client settings say " + "SSL (is it a PLAINTEXT listener?)");
                } catch (SSLException | GeneralSecurityException e) {
                    return new ProbeResult.NotKafka(endpoint, ProbeResult.Kind.NOT_TLS, label
                            + " did not complete a TLS handshake although the client settings say SSL ("
                            + Printable.of(String.valueOf(e.getMessage()), 100) + "): is it a PLAINTEXT listener?");
                }
            }
            s.getOutputStream().write(apiVersionsRequest());
            s.getOutputStream().flush();
            Head head = read(s.getInputStream());
            ProbeResult result = classify(endpoint, label, head, tls);
            if (result instanceof ProbeResult.Kafka) {
                drain(s.getInputStream(), head);
            }
            return result;
        } catch (IOException e) {
            return new ProbeResult.NotKafka(endpoint, ProbeResult.Kind.CLOSED, label + " broke the connection ("
                    + Printable.of(String.valueOf(e.getMessage()), 100) + ") instead of answering a Kafka "
                    + "ApiVersions request");
        }
    }

    /** What arrived: the bytes, and whether the read ended on a timeout. */
    record Head(byte[] bytes, boolean timedOut) {
    }

    private Head read(InputStream in) throws IOException {
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        byte[] buf = new byte[MAX_HEAD];
        long deadline = System.nanoTime() + readTimeout.toNanos();
        try {
            while (got.size() < 8 || startsWithHttp(got.toByteArray()) && !hasLineEnd(got.toByteArray())) {
                if (System.nanoTime() > deadline || got.size() >= MAX_HEAD) {
                    break;
                }
                int n = in.read(buf, 0, MAX_HEAD - got.size());
                if (n < 0) {
                    break;
                }
                got.write(buf, 0, n);
            }
        } catch (SocketTimeoutException e) {
            return new Head(got.toByteArray(), true);
        }
        return new Head(got.toByteArray(), false);
    }

    /**
     * Reads the rest of a Kafka response (its size is bounded by {@link #MAX_API_VERSIONS_BYTES}), so the broker
     * has sent it all when the probe closes and logs nothing about a connection cut mid-response.
     */
    private static void drain(InputStream in, Head head) {
        long left = ByteBuffer.wrap(head.bytes(), 0, 4).getInt() + 4L - head.bytes().length;
        byte[] sink = new byte[4096];
        try {
            while (left > 0) {
                int n = in.read(sink, 0, (int) Math.min(sink.length, left));
                if (n < 0) {
                    return;
                }
                left -= n;
            }
        } catch (IOException e) {
            // the verdict stands: it answered as Kafka
        }
    }

    /** Classifies what an endpoint answered to the request (pure: tested on bytes). */
    static ProbeResult classify(String endpoint, String label, Head head, boolean tls) {
        byte[] b = head.bytes();
        if (b.length >= 8) {
            int size = ByteBuffer.wrap(b, 0, 4).getInt();
            int correlation = ByteBuffer.wrap(b, 4, 4).getInt();
            if (correlation == CORRELATION_ID && size >= 4 && size <= MAX_API_VERSIONS_BYTES) {
                return new ProbeResult.Kafka(endpoint);
            }
        }
        String notKafka = label + " does not speak the Kafka protocol";
        if (b.length == 0) {
            return head.timedOut()
                    ? new ProbeResult.NotKafka(endpoint, ProbeResult.Kind.TIMEOUT, notKafka + " (it accepted the "
                    + "connection but sent nothing in answer to an ApiVersions request)")
                    : new ProbeResult.NotKafka(endpoint, ProbeResult.Kind.CLOSED, notKafka + " (it closed the "
                    + "connection without answering an ApiVersions request" + (tls ? ")"
                    : "; a TLS listener reached as plaintext may do this: is it SSL?)"));
        }
        if (b.length >= 2 && (b[0] == 0x15 || b[0] == 0x16) && b[1] == 0x03) {
            return new ProbeResult.NotKafka(endpoint, ProbeResult.Kind.TLS, notKafka + " in plaintext: it answered "
                    + "with a TLS " + (b[0] == 0x15 ? "alert" : "handshake") + " record, so it is a TLS (SSL or "
                    + "SASL_SSL) listener; set security.protocol and the TLS settings in --admin-config "
                    + "(adminConfig)");
        }
        if (startsWithHttp(b)) {
            return new ProbeResult.NotKafka(endpoint, ProbeResult.Kind.HTTP, notKafka + " (answered '"
                    + Printable.line(b, 60) + "': an HTTP server" + (tls ? " behind TLS" : "") + ")");
        }
        return new ProbeResult.NotKafka(endpoint, ProbeResult.Kind.OTHER_BYTES, notKafka + " (answered "
                + Printable.bytes(b, 24) + ")");
    }

    static byte[] apiVersionsRequest() {
        var bytes = new ByteArrayOutputStream();
        try (var out = new DataOutputStream(bytes)) {
            byte[] client = CLIENT_ID.getBytes(StandardCharsets.UTF_8);
            out.writeInt(2 + 2 + 4 + 2 + client.length);
            out.writeShort(API_VERSIONS);
            out.writeShort(0);
            out.writeInt(CORRELATION_ID);
            out.writeShort(client.length);
            out.write(client);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return bytes.toByteArray();
    }

    private static boolean startsWithHttp(byte[] b) {
        return b.length >= 5 && new String(b, 0, 5, StandardCharsets.ISO_8859_1).equals("HTTP/");
    }

    private static boolean hasLineEnd(byte[] b) {
        for (byte x : b) {
            if (x == '\n' || x == '\r') {
                return true;
            }
        }
        return false;
    }

    private SSLSocket handshake(Socket plain, String host, int port) throws IOException, GeneralSecurityException {
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, new TrustManager[] {new ProbeOnlyTrust()}, null);
        SSLSocket s = (SSLSocket) context.getSocketFactory().createSocket(plain, host, port, true);
        s.setSoTimeout((int) readTimeout.toMillis());
        s.startHandshake();
        return s;
    }

    private static void close(Socket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // never connected
        }
    }

    /** Accepts any certificate: the probe only asks whether TLS then Kafka answer, and sends nothing secret. */
    private static final class ProbeOnlyTrust implements X509TrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
