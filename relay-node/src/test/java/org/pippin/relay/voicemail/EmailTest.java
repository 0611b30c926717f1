package org.pippin.relay.voicemail;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.mail.Multipart;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayOutputStream;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.pippin.relay.RelayConfig;

/** The email of one message, composed without a server: headers, template, attachment and size per minute. */
class EmailTest {

    /** 2025-11-25 09:30:00 UTC. */
    static final long TIME = 1_764_063_000_000L;

    private static MimeMessage compose(Message m, String... config) throws Exception {
        VoicemailConfig c = RelayConfig.of(config).voicemail;
        return Email.compose(Session.getInstance(new Properties()), m, "owner@mail.test", c);
    }

    @Test
    void subjectBodyAndAStableMessageId() throws Exception {
        Message m = MessageStoreTest.message(0xabcdef, "96512345", TIME, 12 * 50 + 25);
        MimeMessage mail = compose(m, "voicemail.smtp.from=vm@relay7.example.org",
                "voicemail.email.timezone=Asia/Kuwait");
        assertEquals("<vm.0000000000abcdef.96512345@relay7.example.org>", mail.getMessageID());
        assertEquals(mail.getMessageID(), compose(m, "voicemail.smtp.from=vm@relay7.example.org").getMessageID(),
                "the same message, the same Message-ID, every time it is composed");
        assertEquals("Voicemail from 555 (13 s)", mail.getSubject());
        String body = (String) ((Multipart) mail.getContent()).getBodyPart(0).getContent();
        assertEquals("New voicemail for 96512345\n\nFrom: 555\nDate: 2025-11-25 12:30:00 AST\nDuration: 13 s\n\n"
                + "The message is attached as a WAV file (8 kHz, 16-bit PCM).", body);
        assertEquals(TIME, mail.getSentDate().getTime());
    }

    @Test
    void oneMinuteOfVoicemailAsEmail() throws Exception {
        Message minute = MessageStoreTest.message(1, "96512345", TIME, 60 * 50);
        MimeMessage mail = compose(minute);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        mail.writeTo(out);
        byte[] wav = ((Multipart) mail.getContent()).getBodyPart(1).getInputStream().readAllBytes();
        assertEquals(960_044, wav.length);
        // base64: 4/3 of the WAV plus a line break every 76 characters, then headers and the text part.
        assertTrue(out.size() > 1_313_000 && out.size() < 1_316_000, out.size() + " bytes");
        System.out.println("one minute of voicemail: " + minute.encode().length + " bytes stored, WAV attachment "
                + wav.length + " bytes, email " + out.size() + " bytes");
    }
}
