package org.pippin.relay.linked;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.pippin.relay.RelayConfig;
import org.pippin.relay.RelayConfig.ConfigException;

/** {@code links.*}: the documented defaults, clamping with the key named, refusals with the key named. */
class LinksConfigTest {

    @Test
    void defaults() throws Exception {
        LinksConfig c = RelayConfig.of().links;
        assertTrue(c.enabled);
        assertEquals(6, c.codeDigits);
        assertEquals(600, c.codeSeconds);
        assertEquals(3, c.codeAttempts);
        assertEquals(45, c.verifyRingSeconds);
        assertEquals(5, c.verifyCallsPerDay);
        assertEquals(30, c.cacheSeconds);
    }

    @Test
    void unsafeValuesAreClampedWithTheKeyNamed() throws Exception {
        RelayConfig r = RelayConfig.of("links.code.digits=2", "links.code.attempts=1000");
        assertEquals(4, r.links.codeDigits);
        assertEquals(10, r.links.codeAttempts);
        assertTrue(r.warnings.contains("links.code.digits=2 is outside 4..8; using 4"), r.warnings.toString());
    }

    @Test
    void refusalsNameTheKey() {
        assertEquals("links.enabled must be true or false, got 'yes'", assertThrows(ConfigException.class,
                () -> RelayConfig.of("links.enabled=yes")).getMessage());
        assertEquals("links.code.seconds must be a whole number, got '10m'", assertThrows(ConfigException.class,
                () -> RelayConfig.of("links.code.seconds=10m")).getMessage());
    }
}
