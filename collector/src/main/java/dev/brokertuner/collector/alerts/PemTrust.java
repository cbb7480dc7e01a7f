package dev.brokertuner.collector.alerts;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;

/** TLS that trusts the CA certificates of one PEM file (e.g. a private SMTP relay's CA) instead of the JVM's. */
final class PemTrust {
    private PemTrust() {
    }

    /** A TLS socket factory trusting only the PEM certificates of {@code file}. */
    static SSLSocketFactory socketFactory(String file, String at, List<String> problems) {
        try (InputStream in = Files.newInputStream(Path.of(file))) {
            KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
            ks.load(null, null);
            int i = 0;
            for (Certificate cert : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                ks.setCertificateEntry("ca" + i++, cert);
            }
            if (i == 0) {
                problems.add(at + ": " + file + " holds no PEM certificate");
                return null;
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(ks);
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, tmf.getTrustManagers(), null);
            return ctx.getSocketFactory();
        } catch (IOException | InvalidPathException e) {
            problems.add(at + ": cannot read " + file + ": " + e.getMessage());
        } catch (GeneralSecurityException e) {
            problems.add(at + ": " + file + " is not a PEM certificate file: " + e.getMessage());
        }
        return null;
    }
}
