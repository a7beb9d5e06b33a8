package io.castellan.server.audit.alert;

import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.Properties;

/**
 * E-mail over SMTP (Angus Mail): {@code starttls} (required, not opportunistic), {@code tls} (implicit TLS, usually
 * port 465) or {@code none}; the server's certificate and host name are checked for both TLS modes. Optional
 * authentication with a user and a password (stored sealed).
 */
final class EmailAlertChannel implements AlertChannel {

    static final String TIMEOUT_MILLIS = "30000";

    private final String host;
    private final int port;
    private final String security;
    private final Optional<String> user;
    private final Optional<String> password;
    private final String from;
    private final List<String> to;

    EmailAlertChannel(String host, int port, String security, Optional<String> user, Optional<String> password,
            String from, List<String> to) {
        this.host = host;
        this.port = port;
        this.security = security;
        this.user = user;
        this.password = password;
        this.from = from;
        this.to = List.copyOf(to);
    }

    @Override
    public void deliver(AlertMessage message) throws IOException {
        Properties p = new Properties();
        p.put("mail.smtp.host", host);
        p.put("mail.smtp.port", Integer.toString(port));
        p.put("mail.smtp.connectiontimeout", TIMEOUT_MILLIS);
        p.put("mail.smtp.timeout", TIMEOUT_MILLIS);
        p.put("mail.smtp.writetimeout", TIMEOUT_MILLIS);
        if (security.equals("starttls")) {
            p.put("mail.smtp.starttls.enable", "true");
            p.put("mail.smtp.starttls.required", "true");
            p.put("mail.smtp.ssl.checkserveridentity", "true");
        } else if (security.equals("tls")) {
            p.put("mail.smtp.ssl.enable", "true");
            p.put("mail.smtp.ssl.checkserveridentity", "true");
        }
        p.put("mail.smtp.auth", Boolean.toString(user.isPresent()));
        try {
            MimeMessage mail = new MimeMessage(Session.getInstance(p));
            mail.setFrom(new InternetAddress(from));
            for (String recipient : to) {
                mail.addRecipient(Message.RecipientType.TO, new InternetAddress(recipient));
            }
            mail.setSubject(message.subject(), "UTF-8");
            mail.setText(message.text() + "\n", "UTF-8");
            if (user.isPresent()) {
                Transport.send(mail, user.get(), password.orElse(""));
            } else {
                Transport.send(mail);
            }
        } catch (MessagingException e) {
            throw new IOException("SMTP delivery failed: " + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : " " + e.getMessage().lines().findFirst().orElse("")));
        }
    }
}
