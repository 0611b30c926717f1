package org.pippin.relay.voicemail;

import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.MimeMessage;
import java.util.Properties;

/** The configured SMTP server through Eclipse Angus Mail: STARTTLS (required), SMTPS or plain; optional login. */
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
        }
        session = Session.getInstance(props);
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
