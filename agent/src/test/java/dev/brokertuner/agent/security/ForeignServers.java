package dev.brokertuner.agent.security;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;

/** Real servers on loopback that are not Kafka: what a wrong bootstrap port answers in the field. */
final class ForeignServers implements AutoCloseable {
    private final List<AutoCloseable> open = new ArrayList<>();

    /** The JDK's HTTP server answering 403 to every request (its own 400 to a malformed one). */
    int http() throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            byte[] body = "forbidden\n".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(403, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        open.add(() -> server.stop(0));
        return server.getAddress().getPort();
    }

    /** A raw TCP server running {@code conversation} for each connection on its own thread. */
    int raw(Consumer<Socket> conversation) throws IOException {
        ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        open.add(server);
        Thread t = new Thread(() -> {
            while (!server.isClosed()) {
                try {
                    Socket s = server.accept();
                    Thread c = new Thread(() -> {
                        try (s) {
                            conversation.accept(s);
                        } catch (IOException ignored) {
                            // the peer went away
                        }
                    }, "foreign-conversation");
                    c.setDaemon(true);
                    c.start();
                } catch (IOException closed) {
                    return;
                }
            }
        }, "foreign-server");
        t.setDaemon(true);
        t.start();
        return server.getLocalPort();
    }

    /** Answers 64 random bytes (seeded) to whatever arrives. */
    int randomBytes() throws IOException {
        return raw(s -> {
            try {
                s.getInputStream().read(new byte[64]);
                byte[] junk = new byte[64];
                new Random(7).nextBytes(junk);
                junk[0] = (byte) 0x9f; // not a TLS record, not "HTTP/"
                s.getOutputStream().write(junk);
                s.getOutputStream().flush();
                Thread.sleep(200);
            } catch (IOException | InterruptedException ignored) {
                // done
            }
        });
    }

    /** Accepts, reads the request and closes without a word. */
    int closing() throws IOException {
        return raw(s -> {
            try {
                s.getInputStream().read(new byte[64]);
            } catch (IOException ignored) {
                // closing anyway
            }
        });
    }

    /** Accepts and never answers (until closed). */
    int silent() throws IOException {
        return raw(s -> {
            try {
                InputStream in = s.getInputStream();
                while (in.read() >= 0) {
                    // swallow
                }
            } catch (IOException ignored) {
                // closed
            }
        });
    }

    /**
     * A JDK TLS server with a fresh self-signed key (keytool); after the handshake it answers an HTTP status line,
     * as an HTTPS endpoint would.
     */
    int tls(Path dir) throws Exception {
        Path store = dir.resolve("server.p12");
        Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "server", "-keyalg", "EC", "-dname", "CN=localhost", "-validity", "2",
                "-storetype", "PKCS12", "-keystore", store.toString(), "-storepass", "changeit", "-keypass",
                "changeit").redirectErrorStream(true).start();
        String out = new String(keytool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!keytool.waitFor(60, TimeUnit.SECONDS) || keytool.exitValue() != 0 || !Files.exists(store)) {
            throw new IllegalStateException("keytool failed: " + out);
        }
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(store)) {
            ks.load(in, "changeit".toCharArray());
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, "changeit".toCharArray());
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(kmf.getKeyManagers(), null, null);
        SSLServerSocket server = (SSLServerSocket) ctx.getServerSocketFactory()
                .createServerSocket(0, 50, InetAddress.getLoopbackAddress());
        open.add(server);
        Thread t = new Thread(() -> {
            while (!server.isClosed()) {
                try {
                    SSLSocket s = (SSLSocket) server.accept();
                    Thread c = new Thread(() -> {
                        try (s) {
                            s.setSoTimeout(10_000);
                            s.startHandshake();
                            s.getInputStream().read(new byte[64]);
                            OutputStream o = s.getOutputStream();
                            o.write("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n"
                                    .getBytes(StandardCharsets.US_ASCII));
                            o.flush();
                        } catch (IOException ignored) {
                            // a plaintext client: the handshake failed, which is what the probe must notice
                        }
                    }, "tls-conversation");
                    c.setDaemon(true);
                    c.start();
                } catch (IOException closed) {
                    return;
                }
            }
        }, "tls-server");
        t.setDaemon(true);
        t.start();
        return server.getLocalPort();
    }

    @Override
    public void close() throws Exception {
        for (AutoCloseable c : open) {
            c.close();
        }
    }
}
