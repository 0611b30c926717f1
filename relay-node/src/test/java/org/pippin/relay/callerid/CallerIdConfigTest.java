package org.pippin.relay.callerid;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.pippin.relay.RelayConfig;

class CallerIdConfigTest {

    @Test
    void defaults() throws Exception {
        CallerIdConfig c = RelayConfig.of().callerId;
        assertEquals(120, c.windowSeconds);
        assertEquals(100_000, c.nonces);
        assertEquals(64, c.noncesPerCaller);
        assertEquals(300, c.blockListRefreshSeconds);
        assertEquals("window=120s nonces=100000 (64 per caller) blocklist.refresh=300s", c.toString());
    }

    @Test
    void unsafeValuesAreClampedWithAWarningNamingTheKey() throws Exception {
        RelayConfig r = RelayConfig.of("callerid.window.seconds=5", "callerid.nonces=10",
                "callerid.nonces.per.caller=5000", "callerid.blocklist.refresh.seconds=1");
        assertEquals(30, r.callerId.windowSeconds);
        assertEquals(1000, r.callerId.nonces);
        assertEquals(1000, r.callerId.noncesPerCaller);
        assertEquals(List.of("callerid.window.seconds=5 is outside 30..3600; using 30",
                "callerid.nonces=10 is outside 1000..10000000; using 1000",
                "callerid.nonces.per.caller=5000 is outside 4..1000; using 1000",
                "callerid.blocklist.refresh.seconds=1 is outside 10..86400; using 10"), r.warnings);
        assertEquals(10, r.callerId.blockListRefreshSeconds);
    }

    @Test
    void unreadableValuesAndUnknownKeysStopTheRelay() {
        assertEquals("callerid.window.seconds must be a whole number, got '2m'", assertThrows(
                RelayConfig.ConfigException.class, () -> RelayConfig.of("callerid.window.seconds=2m")).getMessage());
        assertEquals("unknown config key 'callerid.windows.seconds'", assertThrows(RelayConfig.ConfigException.class,
                () -> RelayConfig.of("callerid.windows.seconds=60")).getMessage());
    }
}
