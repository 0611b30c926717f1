package org.pippin.relay.voicemail;

import jakarta.activation.DataHandler;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import jakarta.mail.util.ByteArrayDataSource;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Date;
import java.util.Map;
import org.pippin.protocol.Wire;

/**
 * Builds the email for one message: subject and body from the configured templates (caller, date and time in the
 * configured zone, duration), the audio attached as {@code audio/wav}, and a Message-ID derived from the message id
 * alone, so a retry after a crash is the same email and mail systems that see it twice keep one.
 */
final class Email {

    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd");
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss z");
    private static final DateTimeFormatter FILE_TIME = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");

    private Email() {
    }

    /** The stable Message-ID of a message's email: {@code <vm.<id>.<owner>@<domain of the sender>>}. */
    static String messageId(Message m, String from) {
        return "<vm." + Wire.messageIdHex(m.id) + "." + m.owner + "@" + from.substring(from.indexOf('@') + 1) + ">";
    }

    /** Template fields of {@code m}. */
    static Map<String, String> fields(Message m, VoicemailConfig config) {
        ZonedDateTime when = Instant.ofEpochMilli(m.timeMillis).atZone(config.timezone);
        return Map.of("caller", m.caller.isEmpty() ? "anonymous" : m.caller, "owner", m.owner,
                "date", DATE.format(when), "time", TIME.format(when),
                "duration", Long.toString((m.durationMillis() + 500) / 1000), "id", Wire.messageIdHex(m.id));
    }

    static MimeMessage compose(Session session, Message m, String to, VoicemailConfig config)
            throws MessagingException {
        Map<String, String> fields = fields(m, config);
        MimeMessage mail = new StableIdMessage(session, messageId(m, config.smtpFrom));
        mail.setFrom(new InternetAddress(config.smtpFrom));
        mail.setRecipient(jakarta.mail.Message.RecipientType.TO, new InternetAddress(to, true));
        mail.setSubject(Template.fill(config.subjectTemplate, fields), "UTF-8");
        mail.setSentDate(new Date(m.timeMillis));
        MimeBodyPart text = new MimeBodyPart();
        text.setText(Template.fill(config.bodyTemplate, fields), "UTF-8");
        MimeBodyPart wav = new MimeBodyPart();
        wav.setDataHandler(new DataHandler(new ByteArrayDataSource(WavExport.toWav(m), "audio/wav")));
        wav.setFileName("voicemail-" + (m.caller.isEmpty() ? "anonymous" : m.caller.replace('+', '0')) + "-"
                + FILE_TIME.format(Instant.ofEpochMilli(m.timeMillis).atZone(config.timezone)) + ".wav");
        wav.setDisposition(MimeBodyPart.ATTACHMENT);
        MimeMultipart parts = new MimeMultipart();
        parts.addBodyPart(text);
        parts.addBodyPart(wav);
        mail.setContent(parts);
        mail.saveChanges();
        return mail;
    }

    /** Keeps the Message-ID it is given instead of making a new one on every saveChanges(). */
    private static final class StableIdMessage extends MimeMessage {
        private final String id;

        StableIdMessage(Session session, String id) {
            super(session);
            this.id = id;
        }

        @Override
        protected void updateMessageID() throws MessagingException {
            setHeader("Message-ID", id);
        }
    }
}
