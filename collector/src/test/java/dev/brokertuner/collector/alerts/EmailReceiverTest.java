package dev.brokertuner.collector.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.internet.MimeMessage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real SMTP server in the test (GreenMail) with TLS and AUTH, its certificate made for 127.0.0.1 by keytool and
 * trusted through {@code caFile}: the email arrives with the suggested action and links, authenticated; a wrong
 * password is rejected; and STARTTLS is enforced: towards a server that offers none, nothing is sent. (GreenMail
 * has no STARTTLS command, its issue #135, so the TLS session is proven over SMTPS, implicit TLS.)
 */
class EmailReceiverTest {
    private static final String USER = "alerts";
    private static final String PASSWORD = "s3cret-smtp-password";
    @TempDir
    static Path dir;
    private static GreenMail mail;
    private static Path passwordFile;
    private static Path ca;

    @BeforeAll
    static void start() throws Exception {
        Path keystore = dir.resolve("smtp.p12");
        String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
        run(keytool, "-genkeypair", "-alias", "smtp", "-keyalg", "RSA", "-keysize", "2048", "-dname",
                "CN=localhost", "-ext", "san=ip:127.0.0.1,dns:localhost", "-validity", "2", "-storetype", "PKCS12",
                "-keystore", keystore.toString(), "-storepass", "changeit", "-keypass", "changeit");
        ca = dir.resolve("ca.pem");
        run(keytool, "-exportcert", "-rfc", "-alias", "smtp", "-keystore", keystore.toString(), "-storepass",
                "changeit", "-file", ca.toString());
        System.setProperty("greenmail.tls.keystore.file", keystore.toString());
        System.setProperty("greenmail.tls.keystore.password", "changeit");
        System.setProperty("greenmail.tls.key.password", "changeit");
        mail = new GreenMail(new ServerSetup[] {new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTPS)
                .dynamicPort(), new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP).dynamicPort()})
                .withConfiguration(GreenMailConfiguration.aConfig().withUser("alerts@example.org", USER, PASSWORD));
        mail.start();
        passwordFile = secret("password", PASSWORD);
    }

    @AfterAll
    static void stop() {
        if (mail != null) {
            mail.stop();
        }
    }

    @BeforeEach
    void empty() throws Exception {
        mail.purgeEmailFromAllMailboxes();
    }

    private static void run(String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
    }

    private static Path secret(String name, String value) throws Exception {
        Path f = dir.resolve(name);
        Files.writeString(f, value + "\n");
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-------"));
        return f;
    }

    private static Receiver receiver(String security, int port, Path password) {
        Map<String, String> s = new LinkedHashMap<>();
        s.put("smtpHost", "127.0.0.1");
        s.put("smtpPort", Integer.toString(port));
        s.put("security", security);
        s.put("from", "broker-tuner@example.org");
        s.put("to", "oncall@example.org,kafka-team@example.org");
        s.put("username", USER);
        s.put("passwordFile", password.toString());
        s.put("caFile", ca.toString());
        s.put("timeoutSeconds", "10");
        return Receivers.standard(Clock.systemUTC()).create(new ReceiverConfig("mail", "email", s));
    }

    @Test
    void theEmailArrivesOverTlsWithAuthAndCarriesTheActionAndLinks() throws Exception {
        Receiver r = receiver("tls", mail.getSmtps().getPort(), passwordFile);
        DeliveryResult result = r.deliver(Notifications.raised());
        assertThat(result).as(result.toString()).isInstanceOf(DeliveryResult.Delivered.class);
        assertThat(mail.waitForIncomingEmail(10_000, 2)).isTrue();
        MimeMessage[] got = mail.getReceivedMessages();
        assertThat(got).hasSize(2);
        MimeMessage m = got[0];
        assertThat(m.getSubject()).isEqualTo("[RAISED] warning host.vm.swappiness on kafka-1: vm.swappiness is 60");
        assertThat(m.getFrom()[0].toString()).isEqualTo("broker-tuner@example.org");
        assertThat(m.getMessageID()).isEqualTo("<a-17-raised@broker-tuner>");
        assertThat(m.getHeader("X-Broker-Tuner-Alert-Id")[0]).isEqualTo("a-17");
        assertThat(m.getContentType()).startsWith("text/plain");
        String body = ((String) m.getContent()).replace("\r\n", "\n");
        assertThat(body).contains("sysctl -w vm.swappiness=1", "Now: 60\n", "Recommended: 1\n",
                "Dashboard: https://collector.example/ui/#/alerts/a-17",
                "Documentation: https://docs.example/rules#host.vm.swappiness", "Cluster: payments-prod");
    }

    @Test
    void aWrongPasswordIsRejectedAndNothingIsSent() throws Exception {
        Receiver r = receiver("tls", mail.getSmtps().getPort(), secret("wrong", "not-the-password"));
        DeliveryResult result = r.deliver(Notifications.raised());
        assertThat(result).isInstanceOf(DeliveryResult.Rejected.class);
        assertThat(((DeliveryResult.Rejected) result).reason()).contains("refused the login of 'alerts'")
                .doesNotContain("not-the-password");
        assertThat(mail.getReceivedMessages()).isEmpty();
    }

    @Test
    void starttlsIsRequiredSoAServerWithoutItGetsNothing() throws Exception {
        Receiver r = receiver("starttls", mail.getSmtp().getPort(), passwordFile);
        DeliveryResult result = r.deliver(Notifications.raised());
        assertThat(result).isInstanceOf(DeliveryResult.Rejected.class);
        assertThat(((DeliveryResult.Rejected) result).reason()).contains("STARTTLS");
        assertThat(mail.getReceivedMessages()).isEmpty();
    }

    @Test
    void plainSmtpToALoopbackTestServerWorksWhenExplicitlyAsked() throws Exception {
        Receiver r = receiver("none", mail.getSmtp().getPort(), passwordFile);
        assertThat(r.deliver(Notifications.cleared())).isInstanceOf(DeliveryResult.Delivered.class);
        assertThat(mail.waitForIncomingEmail(10_000, 2)).isTrue();
        assertThat(mail.getReceivedMessages()[0].getSubject()).startsWith("[CLEAR] warning");
    }

    @Test
    void aServerThatIsDownIsRetried() throws Exception {
        int port;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            port = s.getLocalPort();
        }
        assertThat(receiver("tls", port, passwordFile).deliver(Notifications.raised()))
                .isInstanceOf(DeliveryResult.Retry.class);
    }
}
