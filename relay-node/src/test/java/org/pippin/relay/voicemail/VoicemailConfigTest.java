package org.pippin.relay.voicemail;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;
import org.pippin.relay.RelayConfig;
import org.pippin.relay.RelayConfig.ConfigException;

/** {@code voicemail.*}: the documented defaults, clamping with the key named, refusals with the key named. */
class VoicemailConfigTest {

    @Test
    void defaults() throws Exception {
        VoicemailConfig c = RelayConfig.of("data.dir=/tmp/pd").voicemail;
        assertTrue(c.enabled);
        assertEquals(Path.of("/tmp/pd/voicemail"), c.dir);
        assertEquals(20, c.ringTimeoutSeconds);
        assertEquals(120, c.maxSeconds);
        assertEquals(1, c.minSeconds);
        assertEquals(5, c.silenceSeconds);
        assertEquals(30, c.expiryDays);
        assertNull(c.smtpHost);
        assertFalse(c.emailConfigured());
        assertEquals(VoicemailConfig.Security.STARTTLS, c.smtpSecurity);
        assertEquals(587, c.smtpPort);
        assertEquals(ZoneId.of("UTC"), c.timezone);
        assertTrue(c.bodyTemplate.contains("\n"), "the body's \\n escapes are line breaks");
    }

    @Test
    void unsafeValuesAreClampedWithTheKeyNamed() throws Exception {
        RelayConfig r = RelayConfig.of("voicemail.max.seconds=100000", "voicemail.ring.timeout.seconds=1",
                "voicemail.email.retry.seconds=60", "voicemail.email.retry.max.seconds=10");
        assertEquals(600, r.voicemail.maxSeconds);
        assertEquals(5, r.voicemail.ringTimeoutSeconds);
        assertEquals(60, r.voicemail.retryMaxSeconds);
        assertTrue(r.warnings.contains("voicemail.max.seconds=100000 is outside 5..600; using 600"), r.warnings.toString());
        assertTrue(r.warnings.contains("voicemail.email.retry.max.seconds=10 is outside 60..86400; using 60"));
    }

    @Test
    void refusalsNameTheKey() {
        assertEquals("voicemail.smtp.security must be starttls, smtps or none, got 'ssl'",
                assertThrows(ConfigException.class, () -> RelayConfig.of("voicemail.smtp.security=ssl")).getMessage());
        assertEquals("voicemail.email template has unknown field {callr}; known: [caller, owner, date, time, "
                + "duration, id]", assertThrows(ConfigException.class,
                        () -> RelayConfig.of("voicemail.email.subject=From {callr}")).getMessage());
        assertEquals("voicemail.smtp.from is not a plain email address: 'Pippin <vm@x.org>'",
                assertThrows(ConfigException.class,
                        () -> RelayConfig.of("voicemail.smtp.from=Pippin <vm@x.org>")).getMessage());
        assertEquals("voicemail.smtp.port must be 1..65535, got 0",
                assertThrows(ConfigException.class, () -> RelayConfig.of("voicemail.smtp.port=0")).getMessage());
        assertEquals("unknown config key 'voicemail.smtp.hots'",
                assertThrows(ConfigException.class, () -> RelayConfig.of("voicemail.smtp.hots=x")).getMessage());
    }

    @Test
    void templatesFillEveryField() {
        assertEquals("555 -> 777 at 2026-11-25 12:00:00 UTC, 5 s",
                Template.fill("{caller} -> {owner} at {date} {time}, {duration} s", java.util.Map.of("caller", "555",
                        "owner", "777", "date", "2026-11-25", "time", "12:00:00 UTC", "duration", "5")));
    }
}
