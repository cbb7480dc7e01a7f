package dev.brokertuner.collector.security;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.brokertuner.collector.Reports;
import dev.brokertuner.report.ReportJson;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

/** Hostile inputs for the security tests: maximal reports, JSON edits, and raw loopback sockets. */
final class Hostile {
    private Hostile() {
    }

    /** A valid report of about {@code bytes} of JSON: {@code findings} findings with long rationales. */
    static byte[] maximal(ReportJson json, String hostname, int bytes, int findings) throws IOException {
        ObjectNode n = tree(json, Reports.broker(hostname, 1).relatime().build());
        ArrayNode list = (ArrayNode) n.get("findings");
        ObjectNode template = (ObjectNode) list.get(0);
        list.removeAll();
        int each = Math.max(16, bytes / findings - 300);
        for (int i = 0; i < findings; i++) {
            ObjectNode f = template.deepCopy();
            f.put("subject", "mount /data" + i);
            f.put("rationale", ("padding " + i + " ").repeat(each / 10 + 1).substring(0, each));
            list.add(f);
        }
        return json.mapper().writeValueAsBytes(n);
    }

    /** A report's JSON tree. */
    static ObjectNode tree(ReportJson json, dev.brokertuner.report.Report r) throws IOException {
        return (ObjectNode) json.mapper().readTree(json.write(r));
    }

    static String uuid() {
        return UUID.randomUUID().toString();
    }

    /** A raw loopback socket with a read timeout that bounds every test's wait. */
    static Socket socket(int port) throws IOException {
        Socket s = new Socket();
        s.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
        s.setSoTimeout(20_000);
        return s;
    }

    static void write(Socket s, String text) throws IOException {
        OutputStream out = s.getOutputStream();
        out.write(text.getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
    }

    /**
     * Reads until the server closes the connection (or the read timeout bounds the wait) and returns what came;
     * {@code closed} tells which.
     */
    record Read(String text, boolean closed) {
    }

    static Read readToClose(Socket s) throws IOException {
        InputStream in = s.getInputStream();
        StringBuilder b = new StringBuilder();
        byte[] buf = new byte[4096];
        try {
            int n;
            while ((n = in.read(buf)) >= 0) {
                b.append(new String(buf, 0, n, StandardCharsets.ISO_8859_1));
            }
            return new Read(b.toString(), true);
        } catch (SocketTimeoutException e) {
            return new Read(b.toString(), false);
        } catch (java.net.SocketException e) {
            // a reset is a close too
            return new Read(b.toString(), true);
        }
    }

    /** Reads the status line of the answer. */
    static String readStatus(Socket s) throws IOException {
        InputStream in = s.getInputStream();
        StringBuilder b = new StringBuilder();
        int c;
        while ((c = in.read()) >= 0 && c != '\n') {
            b.append((char) c);
        }
        return b.toString().strip();
    }

    /**
     * Trickles {@code text} one byte every {@code everyMs} until the server closes the connection or the text ends;
     * returns true when the server closed it first.
     */
    static boolean trickleUntilClosed(Socket s, String text, long everyMs) throws Exception {
        OutputStream out = s.getOutputStream();
        for (byte b : text.getBytes(StandardCharsets.ISO_8859_1)) {
            try {
                out.write(b);
                out.flush();
            } catch (java.net.SocketException e) {
                return true;
            }
            Thread.sleep(everyMs);
        }
        return readToClose(s).closed();
    }
}
