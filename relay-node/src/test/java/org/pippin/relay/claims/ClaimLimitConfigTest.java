package org.pippin.relay.claims;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.pippin.relay.RelayConfig;

class ClaimLimitConfigTest {

    @Test
    void defaults() throws Exception {
        ClaimLimitConfig c = RelayConfig.of().claims;
        assertEquals(20, c.addressMax);
        assertEquals(3600, c.addressSeconds);
        assertEquals(5, c.keyMax);
        assertEquals(86_400, c.keySeconds);
        assertEquals(100_000, c.tracked);
        assertEquals("20 per 3600s per address, 5 per 86400s per key", c.toString());
    }

    @Test
    void unsafeValuesAreClampedWithAWarningNamingTheKey() throws Exception {
        RelayConfig r = RelayConfig.of("claims.address.max=0", "claims.key.seconds=0", "claims.tracked=5");
        assertEquals(1, r.claims.addressMax);
        assertEquals(1, r.claims.keySeconds);
        assertEquals(1000, r.claims.tracked);
        assertEquals(List.of("claims.address.max=0 is outside 1..1000000; using 1",
                "claims.key.seconds=0 is outside 1..2592000; using 1",
                "claims.tracked=5 is outside 1000..10000000; using 1000"), r.warnings);
    }

    @Test
    void unreadableValuesStopTheRelay() {
        assertEquals("claims.key.max must not be empty", assertThrows(RelayConfig.ConfigException.class,
                () -> RelayConfig.of("claims.key.max=")).getMessage());
        assertEquals("claims.key.max must be a whole number, got 'five'", assertThrows(
                RelayConfig.ConfigException.class, () -> RelayConfig.of("claims.key.max=five")).getMessage());
    }
}
