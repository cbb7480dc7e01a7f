package dev.brokertuner.agent.broker;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;

/**
 * The round trip to a peer broker's listener, as TCP connect time (one SYN / SYN-ACK): the name is resolved once,
 * before any timer starts (a slow resolver would otherwise count as network distance), then {@link #SAMPLES}
 * connects are timed and the median kept, so one slow SYN (a retransmit, a busy accept queue) does not size the
 * buffers.
 */
final class PeerRtt {
    static final int SAMPLES = 5;
    private static final int TIMEOUT_MS = 1_000;

    private PeerRtt() {
    }

    /** The median connect time in ms over {@link #SAMPLES} connects, null when the name does not resolve or none connects. */
    static Double measure(String host, int port) {
        InetAddress address;
        try {
            address = InetAddress.getByName(host);
        } catch (UnknownHostException | SecurityException e) {
            return null;
        }
        InetSocketAddress target = new InetSocketAddress(address, port);
        List<Double> samples = new ArrayList<>();
        for (int i = 0; i < SAMPLES; i++) {
            Double ms = connectOnce(target);
            if (ms == null) {
                break; // unreachable: do not wait out the timeout again
            }
            samples.add(ms);
        }
        return median(samples);
    }

    private static Double connectOnce(InetSocketAddress target) {
        try (Socket s = new Socket()) {
            long t0 = System.nanoTime();
            s.connect(target, TIMEOUT_MS);
            return (System.nanoTime() - t0) / 1e6;
        } catch (IOException | IllegalArgumentException | SecurityException e) {
            return null;
        }
    }

    /** The median (mean of the middle two for an even count), null for none. */
    static Double median(List<Double> samples) {
        if (samples.isEmpty()) {
            return null;
        }
        List<Double> sorted = samples.stream().sorted().toList();
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }
}
