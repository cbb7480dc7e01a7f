package dev.brokertuner.collector.alerts;

import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.SendFailedException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Date;
import java.util.List;
import java.util.Properties;
import javax.net.ssl.SSLSocketFactory;
import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;

/**
 * Email over SMTP (Jakarta Mail, Eclipse Angus): a plain-text message whose subject is the headline and whose body
 * has the suggested action, the facts and the links. The connection is protected with STARTTLS, required (the send
 * fails when the server does not offer it), or with implicit TLS ({@code security: tls}, port 465); the server's
 * certificate and host name are checked against the JVM's CAs or a PEM {@code caFile}. Plain SMTP
 * ({@code security: none}) is accepted by the configuration only towards a loopback server. AUTH uses a username and
 * a password read from a file. The {@code Message-ID} is derived from the delivery key, so a retried delivery is the
 * same message to mail systems that deduplicate. SMTP 4xx and connection failures are retried, 5xx and failed AUTH
 * are rejected.
 */
public final class EmailReceiver implements Receiver {
    /** How the SMTP connection is protected. */
    public enum Security {
        /** Plain connect, then STARTTLS, required. Port 587 by default. */
        STARTTLS,
        /** TLS from the first byte (SMTPS). Port 465 by default. */
        TLS,
        /** No TLS at all: only for a loopback test server. */
        NONE
    }

    /**
     * Where and how to send.
     *
     * @param host      SMTP server
     * @param port      its port
     * @param security  STARTTLS, TLS or NONE
     * @param from      sender address
     * @param to        recipients
     * @param username  AUTH user, null for no AUTH
     * @param password  AUTH password (from the password file), null for no AUTH
     * @param tlsSocket the TLS socket factory trusting {@code caFile}, null for the JVM's CAs
     * @param timeout   connect, read and write timeout
     */
    public record Smtp(String host, int port, Security security, InternetAddress from, List<InternetAddress> to,
                       String username, String password, SSLSocketFactory tlsSocket, Duration timeout) {
        public Smtp {
            to = List.copyOf(to);
        }

        @Override
        public String toString() {
            return "Smtp[" + host + ":" + port + " " + security + " from " + from + " to " + to
                    + (username == null ? "" : " as " + username) + "]";
        }
    }

    private final String name;
    private final Smtp smtp;

    public EmailReceiver(String name, Smtp smtp) {
        this.name = name;
        this.smtp = smtp;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String type() {
        return "email";
    }

    @Override
    public DeliveryResult deliver(Notification n) throws InterruptedException {
        String protocol = smtp.security() == Security.TLS ? "smtps" : "smtp";
        Session session = Session.getInstance(properties(protocol));
        try {
            MimeMessage m = message(session, n);
            try (Transport t = session.getTransport(protocol)) {
                t.connect(smtp.host(), smtp.port(), smtp.username(), smtp.password());
                t.sendMessage(m, m.getAllRecipients());
            }
            return new DeliveryResult.Delivered("email sent through " + smtp.host() + ":" + smtp.port() + " to "
                    + smtp.to().size() + " recipient(s)");
        } catch (AuthenticationFailedException e) {
            return new DeliveryResult.Rejected("email: " + smtp.host() + " refused the login of '" + smtp.username()
                    + "': " + first(e));
        } catch (MessagingException e) {
            return outcome(e);
        } catch (RuntimeException e) {
            // Jakarta Mail reports some failures unchecked (e.g. a provider that cannot be loaded): never thrown on
            return new DeliveryResult.Rejected("email via " + smtp.host() + ":" + smtp.port() + ": "
                    + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : " " + first(e)));
        }
    }

    /** Maps a send failure: an SMTP 4xx or a connection failure may pass, a 5xx will not. */
    DeliveryResult outcome(MessagingException e) {
        int code = code(e);
        String reason = "email via " + smtp.host() + ":" + smtp.port() + ": " + (code > 0 ? "SMTP " + code + " "
                : "") + first(e);
        if (code >= 400 && code < 500) {
            return new DeliveryResult.Retry(reason, null);
        }
        if (code >= 500) {
            return new DeliveryResult.Rejected(reason);
        }
        if (reason.contains("STARTTLS is required")) {
            return new DeliveryResult.Rejected(reason + " (the server offers no STARTTLS; use security: tls if it "
                    + "speaks SMTPS)");
        }
        for (Throwable c = e; c != null; c = c.getCause()) {
            if (c instanceof IOException) {
                return new DeliveryResult.Retry(reason, null);
            }
        }
        return new DeliveryResult.Rejected(reason);
    }

    private static int code(MessagingException e) {
        for (Exception c = e; c != null; c = c instanceof MessagingException me ? me.getNextException() : null) {
            if (c instanceof SMTPSendFailedException s) {
                return s.getReturnCode();
            }
            if (c instanceof SMTPAddressFailedException s) {
                return s.getReturnCode();
            }
            if (c instanceof SendFailedException sf && sf.getNextException() == null) {
                return -1;
            }
        }
        return -1;
    }

    private Properties properties(String protocol) {
        Properties p = new Properties();
        String k = "mail." + protocol + ".";
        String ms = Long.toString(smtp.timeout().toMillis());
        p.put(k + "connectiontimeout", ms);
        p.put(k + "timeout", ms);
        p.put(k + "writetimeout", ms);
        p.put(k + "auth", Boolean.toString(smtp.username() != null));
        p.put(k + "from", smtp.from().getAddress());
        if (smtp.security() == Security.STARTTLS) {
            p.put(k + "starttls.enable", "true");
            p.put(k + "starttls.required", "true");
        }
        if (smtp.security() != Security.NONE) {
            p.put(k + "ssl.checkserveridentity", "true");
            p.put(k + "ssl.protocols", "TLSv1.3 TLSv1.2");
            if (smtp.tlsSocket() != null) {
                p.put(k + "ssl.socketFactory", smtp.tlsSocket());
            }
        }
        return p;
    }

    private MimeMessage message(Session session, Notification n) throws MessagingException {
        String messageId = "<" + n.deliveryKey().replaceAll("[^A-Za-z0-9._-]", "_") + "@broker-tuner>";
        MimeMessage m = new MimeMessage(session) {
            @Override
            protected void updateMessageID() throws MessagingException {
                setHeader("Message-ID", messageId);
            }
        };
        m.setFrom(smtp.from());
        m.setRecipients(Message.RecipientType.TO, smtp.to().toArray(new InternetAddress[0]));
        m.setSubject(printable(NotificationText.cut(NotificationText.headline(n), 200)),
                StandardCharsets.UTF_8.name());
        m.setSentDate(new Date());
        m.setHeader("X-Broker-Tuner-Alert-Id", printable(n.alertId()));
        m.setText(body(n), StandardCharsets.UTF_8.name());
        return m;
    }

    /** The plain-text body. */
    public static String body(Notification n) {
        StringBuilder b = new StringBuilder();
        b.append(NotificationText.headline(n)).append("\n\n");
        b.append(n.message()).append("\n\n");
        line(b, "Status", n.status().name());
        line(b, "Severity", n.severity().wire());
        line(b, "Rule", n.ruleId());
        line(b, "Cluster", n.cluster());
        line(b, "Host", n.host());
        line(b, "Subject", n.subject());
        line(b, "Now", n.current());
        line(b, "Recommended", n.recommended());
        line(b, "Raised", n.raisedAt().toString());
        line(b, "Cleared", n.clearedAt() == null ? null : n.clearedAt().toString());
        line(b, "Alert", n.alertId());
        if (n.dashboardUrl() != null || n.docUrl() != null) {
            b.append('\n');
            line(b, "Dashboard", n.dashboardUrl());
            line(b, "Documentation", n.docUrl());
        }
        if (n.test()) {
            b.append("\nThis is a test notification sent with POST /v1/alerts/test.\n");
        }
        return b.toString();
    }

    private static void line(StringBuilder b, String label, String value) {
        if (value != null) {
            b.append(label).append(": ").append(value).append('\n');
        }
    }

    /** Parses one address (for the configuration). */
    public static InternetAddress address(String s) throws AddressException {
        InternetAddress a = new InternetAddress(s, true);
        a.validate();
        return a;
    }

    private static String printable(String s) {
        return s.replaceAll("\\p{Cntrl}", " ");
    }

    private static String first(Exception e) {
        String m = e.getMessage();
        return m == null ? e.getClass().getSimpleName() : m.lines().findFirst().orElse("").strip();
    }
}
