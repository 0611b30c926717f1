package org.pippin.sip;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class SipConfigTest {

    private static Properties defaults() {
        Properties p = new Properties();
        p.setProperty("sip.enabled", "false");
        p.setProperty("sip.listen.address", "127.0.0.1");
        p.setProperty("sip.port", "5060");
        p.setProperty("sip.realm", "pippin");
        p.setProperty("sip.rtp.ports", "16384-17383");
        p.setProperty("sip.register.min.seconds", "60");
        p.setProperty("sip.register.max.seconds", "3600");
        p.setProperty("sip.nonce.seconds", "300");
        return p;
    }

    @Test
    void defaultsAreOffAndValid() {
        SipConfig c = SipConfig.from(defaults(), new ArrayList<>());
        assertFalse(c.enabled);
        assertEquals(16384, c.rtpPortMin);
        assertEquals(17383, c.rtpPortMax);
        assertEquals("sip off", c.toString());
    }

    @Test
    void unsafeValuesAreClampedWithAWarningNamingTheKey() {
        Properties p = defaults();
        p.setProperty("sip.register.min.seconds", "1");
        p.setProperty("sip.nonce.seconds", "99999");
        List<String> warn = new ArrayList<>();
        SipConfig c = SipConfig.from(p, warn);
        assertEquals(30, c.registerMinSeconds);
        assertEquals(3600, c.nonceSeconds);
        assertEquals(List.of("sip.register.min.seconds=1 is outside 30..3600; using 30",
                "sip.nonce.seconds=99999 is outside 10..3600; using 3600"), warn);
    }

    @Test
    void trunkAndDids() {
        Properties p = defaults();
        p.setProperty("sip.trunk", "127.0.0.1:5080");
        p.setProperty("sip.dids", "+96522001234=96512345, 22001235=96512346");
        SipConfig c = SipConfig.from(p, new ArrayList<>());
        assertEquals(5080, c.trunk.getPort());
        assertEquals("127.0.0.1", c.trunk.getAddress().getHostAddress());
        assertEquals(java.util.Map.of("+96522001234", "96512345", "22001235", "96512346"), c.dids);
        assertEquals(null, SipConfig.from(defaults(), new ArrayList<>()).trunk);
    }

    @Test
    void unusableValuesNameTheirKey() {
        assertEquals("sip.trunk must be IP:PORT, got 'gateway.example:5060'",
                refused("sip.trunk", "gateway.example:5060"));
        assertEquals("sip.trunk port must be 1..65535, got 0", refused("sip.trunk", "127.0.0.1:0"));
        assertEquals("sip.dids: '+96522001234=+96512345' is not DID=PIPPIN_NUMBER",
                refused("sip.dids", "+96522001234=+96512345"));
        assertEquals("sip.listen.address must be one address phones reach, got '0.0.0.0'",
                refused("sip.listen.address", "0.0.0.0"));
        assertEquals("sip.port must be 0..65535, got 70000", refused("sip.port", "70000"));
        assertEquals("sip.realm must be 1..64 letters, digits, '.' or '-', got 'a b'", refused("sip.realm", "a b"));
        assertEquals("sip.rtp.ports must be MIN-MAX within 1..65535, or 0-0, got '200-100'",
                refused("sip.rtp.ports", "200-100"));
        assertEquals("sip.rtp.ports must be MIN-MAX, got '5000'", refused("sip.rtp.ports", "5000"));
        assertEquals("sip.enabled must be true or false, got 'yes'", refused("sip.enabled", "yes"));
    }

    private static String refused(String key, String value) {
        Properties p = defaults();
        p.setProperty(key, value);
        return assertThrows(IllegalArgumentException.class, () -> SipConfig.from(p, new ArrayList<>()))
                .getMessage();
    }
}
