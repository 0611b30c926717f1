package org.pippin.relay.voicemail;

import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Properties;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;

/**
 * The configured SMTP server through Eclipse Angus Mail: STARTTLS (required), SMTPS or plain; optional login. With TLS
 * the server's name is checked, against its certificate from the system's CAs or from voicemail.smtp.ca.file.
 */
final class Smtp {

    private final VoicemailConfig config;
    private final Session session;
    private final String protocol;

    Smtp(VoicemailConfig config) {
        this.config = config;
        this.protocol = config.smtpSecurity == VoicemailConfig.Security.SMTPS ? "smtps" : "smtp";
        String p = "mail." + protocol + ".";
        Properties props = new Properties();
        props.setProperty(p + "host", config.smtpHost);
        props.setProperty(p + "port", Integer.toString(config.smtpPort));
        String timeout = Integer.toString(config.smtpTimeoutSeconds * 1000);
        props.setProperty(p + "connectiontimeout", timeout);
        props.setProperty(p + "timeout", timeout);
        props.setProperty(p + "writetimeout", timeout);
        props.setProperty(p + "from", config.smtpFrom);
        // The EHLO name: the sender's domain, rather than whatever this machine's host name resolves to.
        props.setProperty(p + "localhost", config.smtpFrom.substring(config.smtpFrom.indexOf('@') + 1));
        props.setProperty(p + "auth", Boolean.toString(!config.smtpUser.isEmpty()));
        if (config.smtpSecurity == VoicemailConfig.Security.STARTTLS) {
            props.setProperty(p + "starttls.enable", "true");
            props.setProperty(p + "starttls.required", "true");
        }
        if (config.smtpSecurity != VoicemailConfig.Security.NONE) {
            props.setProperty(p + "ssl.checkserveridentity", "true");
            if (!config.smtpCa.isEmpty()) {
                props.put(p + "ssl.socketFactory", trusting(config.smtpCa));
            }
        }
        session = Session.getInstance(props);
    }

    /** TLS sockets that accept a server only if one of {@code ca} vouches for it (instead of the system's CAs). */
    private static SSLSocketFactory trusting(List<X509Certificate> ca) {
        try {
            KeyStore trusted = KeyStore.getInstance(KeyStore.getDefaultType());
            trusted.load(null, null);
            for (int i = 0; i < ca.size(); i++) {
                trusted.setCertificateEntry("ca" + i, ca.get(i));
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trusted);
            SSLContext tls = SSLContext.getInstance("TLS");
            tls.init(null, tmf.getTrustManagers(), null);
            return tls.getSocketFactory();
        } catch (GeneralSecurityException | IOException e) {
            // Certificates that parsed at start-up in a key store of the JDK's own type: only a broken JDK fails here.
            throw new IllegalStateException("cannot set up TLS with voicemail.smtp.ca.file: " + e, e);
        }
    }

    Session session() {
        return session;
    }

    /** Hands the message to the server; returns once the server accepted it (250 after DATA). */
    void send(MimeMessage mail) throws MessagingException {
        try (Transport t = session.getTransport(protocol)) {
            if (config.smtpUser.isEmpty()) {
                t.connect();
            } else {
                t.connect(config.smtpHost, config.smtpPort, config.smtpUser, config.smtpPassword);
            }
            t.sendMessage(mail, mail.getAllRecipients());
        }
    }
}
