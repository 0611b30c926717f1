package org.pippin.relay.voicemail;

import static org.pippin.relay.ConfigValues.bool;
import static org.pippin.relay.ConfigValues.clamp;
import static org.pippin.relay.ConfigValues.integer;
import static org.pippin.relay.ConfigValues.string;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.Set;
import org.pippin.relay.RelayConfig.ConfigException;

/**
 * Voicemail and voicemail-to-email ({@code voicemail.*}): when calls go to voicemail, how messages are recorded and
 * kept, and the SMTP server that mails them. Validated, clamped with a warning naming the key, then sealed.
 */
public final class VoicemailConfig {

    public static final Set<String> KEYS = Set.of("voicemail.enabled", "voicemail.dir",
            "voicemail.ring.timeout.seconds", "voicemail.max.seconds", "voicemail.min.seconds",
            "voicemail.silence.seconds", "voicemail.silence.level", "voicemail.expiry.days",
            "voicemail.messages.per.owner", "voicemail.smtp.host", "voicemail.smtp.port", "voicemail.smtp.security",
            "voicemail.smtp.user", "voicemail.smtp.password", "voicemail.smtp.from", "voicemail.smtp.timeout.seconds",
            "voicemail.smtp.ca.file",
            "voicemail.email.subject", "voicemail.email.body", "voicemail.email.timezone",
            "voicemail.email.retry.seconds", "voicemail.email.retry.max.seconds");

    /** How the SMTP connection is protected. */
    public enum Security {
        /** Plain SMTP, then STARTTLS, which must succeed (port 587). */
        STARTTLS,
        /** TLS from the first byte (port 465). */
        SMTPS,
        /** No TLS at all: only for a server on the same machine or in tests. */
        NONE
    }

    public final boolean enabled;
    /** Where messages, settings and the email outbox are kept. */
    public final Path dir;
    /** Seconds a phone rings before the call goes to voicemail, unless its owner chose otherwise. */
    public final int ringTimeoutSeconds;
    public final int maxSeconds;
    /** Messages shorter than this (after trailing silence is cut) are not kept. */
    public final int minSeconds;
    /** Recording stops after this many seconds of silence (0 = never). */
    public final int silenceSeconds;
    /** Below this RMS level (16-bit PCM) a 20 ms frame counts as silence. */
    public final int silenceLevel;
    public final int expiryDays;
    public final int messagesPerOwner;
    /** Null when no SMTP server is configured: then no email is sent. */
    public final String smtpHost;
    public final int smtpPort;
    public final Security smtpSecurity;
    /** The certificates that may vouch for the SMTP server's (voicemail.smtp.ca.file); empty = the system's CAs. */
    public final List<X509Certificate> smtpCa;
    /** Empty = no authentication. */
    public final String smtpUser;
    public final String smtpPassword;
    public final String smtpFrom;
    public final int smtpTimeoutSeconds;
    public final String subjectTemplate;
    public final String bodyTemplate;
    public final ZoneId timezone;
    public final int retrySeconds;
    public final int retryMaxSeconds;

    private VoicemailConfig(Properties p, Path dataDir, List<String> warn) throws ConfigException {
        enabled = bool(p, "voicemail.enabled");
        String d = p.getProperty("voicemail.dir", "").trim();
        try {
            dir = d.isEmpty() ? dataDir.resolve("voicemail") : Path.of(d);
        } catch (InvalidPathException e) {
            throw new ConfigException("voicemail.dir is not a path: " + e.getMessage());
        }
        ringTimeoutSeconds = clamp(warn, p, "voicemail.ring.timeout.seconds", 5, 120);
        maxSeconds = clamp(warn, p, "voicemail.max.seconds", 5, 600);
        minSeconds = clamp(warn, p, "voicemail.min.seconds", 0, Math.min(30, maxSeconds));
        silenceSeconds = clamp(warn, p, "voicemail.silence.seconds", 0, 60);
        silenceLevel = clamp(warn, p, "voicemail.silence.level", 1, 32767);
        expiryDays = clamp(warn, p, "voicemail.expiry.days", 1, 3650);
        messagesPerOwner = clamp(warn, p, "voicemail.messages.per.owner", 1, 10_000);
        String host = p.getProperty("voicemail.smtp.host", "").trim();
        smtpHost = host.isEmpty() ? null : host;
        smtpPort = integer(p, "voicemail.smtp.port");
        if (smtpPort < 1 || smtpPort > 65535) {
            throw new ConfigException("voicemail.smtp.port must be 1..65535, got " + smtpPort);
        }
        String sec = string(p, "voicemail.smtp.security").toUpperCase(Locale.ROOT);
        try {
            smtpSecurity = Security.valueOf(sec);
        } catch (IllegalArgumentException e) {
            throw new ConfigException("voicemail.smtp.security must be starttls, smtps or none, got '"
                    + sec.toLowerCase(Locale.ROOT) + "'");
        }
        smtpCa = certificates(p.getProperty("voicemail.smtp.ca.file", "").trim());
        smtpUser = p.getProperty("voicemail.smtp.user", "").trim();
        smtpPassword = p.getProperty("voicemail.smtp.password", "");
        smtpFrom = string(p, "voicemail.smtp.from");
        if (!org.pippin.identity.VoicemailSettings.isValidEmail(smtpFrom)) {
            throw new ConfigException("voicemail.smtp.from is not a plain email address: '" + smtpFrom + "'");
        }
        smtpTimeoutSeconds = clamp(warn, p, "voicemail.smtp.timeout.seconds", 1, 300);
        subjectTemplate = string(p, "voicemail.email.subject");
        if (subjectTemplate.indexOf('\n') >= 0 || subjectTemplate.indexOf('\r') >= 0) {
            throw new ConfigException("voicemail.email.subject must be one line");
        }
        bodyTemplate = string(p, "voicemail.email.body");
        for (String t : List.of(subjectTemplate, bodyTemplate)) {
            String bad = Template.unknownField(t);
            if (bad != null) {
                throw new ConfigException("voicemail.email template has unknown field {" + bad + "}; known: "
                        + Template.FIELDS);
            }
        }
        try {
            timezone = ZoneId.of(string(p, "voicemail.email.timezone"));
        } catch (DateTimeException e) {
            throw new ConfigException("voicemail.email.timezone: " + e.getMessage());
        }
        retrySeconds = clamp(warn, p, "voicemail.email.retry.seconds", 1, 3600);
        retryMaxSeconds = clamp(warn, p, "voicemail.email.retry.max.seconds", retrySeconds, 86_400);
    }

    /** The certificates in a PEM file, read at start-up so a bad file stops the relay with the key's name. */
    private static List<X509Certificate> certificates(String file) throws ConfigException {
        if (file.isEmpty()) {
            return List.of();
        }
        List<X509Certificate> out = new ArrayList<>();
        try (InputStream in = Files.newInputStream(Path.of(file))) {
            for (Certificate c : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                out.add((X509Certificate) c);
            }
        } catch (IOException | InvalidPathException | CertificateException e) {
            throw new ConfigException("voicemail.smtp.ca.file " + file + ": " + e.getMessage());
        }
        if (out.isEmpty()) {
            throw new ConfigException("voicemail.smtp.ca.file " + file + " holds no PEM certificate");
        }
        return List.copyOf(out);
    }

    /** Reads {@code voicemail.*} from the relay's merged properties; {@code dataDir} holds the default store. */
    public static VoicemailConfig from(Properties p, Path dataDir, List<String> warn) throws ConfigException {
        return new VoicemailConfig(p, dataDir, warn);
    }

    public boolean emailConfigured() {
        return smtpHost != null;
    }





    @Override
    public String toString() {
        return "voicemail: " + (enabled ? "on" : "off") + " dir=" + dir + " ring=" + ringTimeoutSeconds + "s max="
                + maxSeconds + "s min=" + minSeconds + "s silence=" + silenceSeconds + "s@" + silenceLevel
                + " expiry=" + expiryDays + "d per.owner=" + messagesPerOwner + " email="
                + (smtpHost == null ? "off" : smtpSecurity.name().toLowerCase(Locale.ROOT) + "://" + smtpHost + ":"
                + smtpPort + (smtpUser.isEmpty() ? "" : " as " + smtpUser)
                + (smtpCa.isEmpty() ? "" : " ca=" + smtpCa.size() + " certificates"));
    }
}
