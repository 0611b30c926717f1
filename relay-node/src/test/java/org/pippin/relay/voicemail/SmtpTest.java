package org.pippin.relay.voicemail;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetupTest;
import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pippin.relay.RelayConfig;
import org.pippin.relay.RelayConfig.ConfigException;

/**
 * The relay's SMTP client against a real server (GreenMail, in this JVM): login with the configured user, TLS from
 * the first byte (SMTPS) with the server's certificate checked against the configured CA file, and STARTTLS
 * required: a server that does not offer it gets nothing, not even the login.
 */
class SmtpTest {

    @TempDir
    static Path certs;
    /** The SMTPS server's certificate, for 127.0.0.1 and localhost, as the relay's CA file. */
    private static Path pem;

    private GreenMail mail;

    /**
     * A key and certificate of this run for GreenMail's TLS (made with the JDK's keytool; GreenMail reads them through
     * its system properties), as its own certificate does not name 127.0.0.1 and the relay checks the name.
     */
    @BeforeAll
    static void certificate() throws Exception {
        Path p12 = certs.resolve("smtp.p12");
        pem = certs.resolve("smtp.pem");
        String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
        run(keytool, "-genkeypair", "-alias", "smtp", "-keyalg", "RSA", "-keysize", "2048", "-dname", "CN=localhost",
                "-ext", "san=ip:127.0.0.1,dns:localhost", "-validity", "2", "-storetype", "PKCS12", "-keystore",
                p12.toString(), "-storepass", "changeit", "-keypass", "changeit");
        run(keytool, "-exportcert", "-rfc", "-alias", "smtp", "-keystore", p12.toString(), "-storepass", "changeit",
                "-file", pem.toString());
        System.setProperty("greenmail.tls.keystore.file", p12.toString());
        System.setProperty("greenmail.tls.keystore.password", "changeit");
        System.setProperty("greenmail.tls.key.password", "changeit");
    }

    private static void run(String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0, String.join(" ", cmd) + ":\n" + out);
    }

    @AfterEach
    void stop() {
        if (mail != null) {
            mail.stop();
        }
    }

    private static VoicemailConfig config(int port, String... more) throws Exception {
        List<String> all = new ArrayList<>(List.of("voicemail.smtp.host=127.0.0.1", "voicemail.smtp.port=" + port,
                "voicemail.smtp.from=voicemail@relay.test", "voicemail.smtp.timeout.seconds=5"));
        all.addAll(List.of(more));
        return RelayConfig.of(all.toArray(new String[0])).voicemail;
    }

    private static MimeMessage email(Smtp smtp, VoicemailConfig c) throws Exception {
        Message m = MessageStoreTest.message(0x77, "96512345", EmailTest.TIME, 50);
        return Email.compose(smtp.session(), m, "owner@mail.test", c);
    }

    private void send(VoicemailConfig c) throws Exception {
        Smtp smtp = new Smtp(c);
        smtp.send(email(smtp, c));
    }

    @Test
    void logsInWithTheConfiguredUser() throws Exception {
        mail = new GreenMail(ServerSetupTest.SMTP.dynamicPort())
                .withConfiguration(GreenMailConfiguration.aConfig().withUser("relay7", "s3cret"));
        mail.start();
        int port = mail.getSmtp().getPort();
        send(config(port, "voicemail.smtp.security=none", "voicemail.smtp.user=relay7",
                "voicemail.smtp.password=s3cret"));
        assertEquals(1, mail.getReceivedMessages().length);
        assertEquals("Voicemail from 555 (1 s)", mail.getReceivedMessages()[0].getSubject());

        assertThrows(AuthenticationFailedException.class, () -> send(config(port, "voicemail.smtp.security=none",
                "voicemail.smtp.user=relay7", "voicemail.smtp.password=wrong")));
        assertEquals(1, mail.getReceivedMessages().length);
    }

    @Test
    void smtpsChecksTheServersCertificate() throws Exception {
        mail = new GreenMail(ServerSetupTest.SMTPS.dynamicPort())
                .withConfiguration(GreenMailConfiguration.aConfig().withUser("relay7", "s3cret"));
        mail.start();
        int port = mail.getSmtps().getPort();
        send(config(port, "voicemail.smtp.security=smtps", "voicemail.smtp.ca.file=" + pem,
                "voicemail.smtp.user=relay7", "voicemail.smtp.password=s3cret"));
        assertEquals(1, mail.getReceivedMessages().length);

        // Without the CA file the system's CAs decide, and none of them signed this certificate.
        MessagingException e = assertThrows(MessagingException.class,
                () -> send(config(port, "voicemail.smtp.security=smtps")));
        assertTrue(String.valueOf(e.getCause()).contains("SSLHandshakeException"), String.valueOf(e.getCause()));
        assertEquals(1, mail.getReceivedMessages().length);
    }

    @Test
    void aCaFileThatHoldsNoCertificateStopsTheRelay() throws Exception {
        Path empty = certs.resolve("empty.pem");
        Files.writeString(empty, "");
        ConfigException e = assertThrows(ConfigException.class, () -> config(25, "voicemail.smtp.ca.file=" + empty));
        assertEquals("voicemail.smtp.ca.file " + empty + " holds no PEM certificate", e.getMessage());
        Path text = certs.resolve("text.pem");
        Files.writeString(text, "not a certificate\n");
        e = assertThrows(ConfigException.class, () -> config(25, "voicemail.smtp.ca.file=" + text));
        assertEquals("voicemail.smtp.ca.file " + text + ": No certificate data found", e.getMessage());
        e = assertThrows(ConfigException.class, () -> config(25, "voicemail.smtp.ca.file=" + certs.resolve("none")));
        assertTrue(e.getMessage().startsWith("voicemail.smtp.ca.file " + certs.resolve("none") + ": "), e.getMessage());
        assertEquals(1, config(25, "voicemail.smtp.ca.file=" + pem).smtpCa.size());
    }

    @Test
    void starttlsIsRequired() throws Exception {
        // GreenMail offers no STARTTLS: the relay must not go on in clear, and must not send its password.
        mail = new GreenMail(ServerSetupTest.SMTP.dynamicPort())
                .withConfiguration(GreenMailConfiguration.aConfig().withUser("relay7", "s3cret"));
        mail.start();
        MessagingException e = assertThrows(MessagingException.class, () -> send(config(mail.getSmtp().getPort(),
                "voicemail.smtp.security=starttls", "voicemail.smtp.user=relay7", "voicemail.smtp.password=s3cret")));
        assertTrue(e.getMessage().contains("STARTTLS"), e.getMessage());
        assertEquals(0, mail.getReceivedMessages().length);
    }
}
