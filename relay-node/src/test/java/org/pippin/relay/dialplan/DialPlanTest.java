package org.pippin.relay.dialplan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.pippin.protocol.Wire;

class DialPlanTest {

    private static DialPlan plan(String cc, String lengths) {
        Properties p = new Properties();
        p.setProperty("dialplan.country.code", cc);
        p.setProperty("dialplan.national.lengths", lengths);
        return DialPlan.from(p);
    }

    @Test
    void kuwait() {
        DialPlan kw = plan("965", "8");
        assertEquals(0, kw.check("96512345"), "a Pippin number: the relay decides");
        assertEquals(0, kw.check("1001"));
        assertEquals(Wire.REJECT_UNAVAILABLE, kw.check("+96512345678"), "in the country, but no trunks yet");
        assertEquals(Wire.REJECT_NOT_ALLOWED, kw.check("+14155550100"));
        assertEquals(Wire.REJECT_NOT_ALLOWED, kw.check("+96612345678"), "Saudi Arabia");
        assertEquals(Wire.REJECT_NOT_ALLOWED, kw.check("+"));
        assertEquals(Wire.REJECT_NOT_IN_SERVICE, kw.check("+9651234567"), "7 digits");
        assertEquals(Wire.REJECT_NOT_IN_SERVICE, kw.check("+965123456789"), "9 digits");
        assertEquals(Wire.REJECT_NOT_IN_SERVICE, kw.check("+965"));
        assertEquals(Wire.REJECT_NOT_IN_SERVICE, kw.check("+965123*5678"));
    }

    @Test
    void severalLengthsAndAPlusInTheConfig() {
        DialPlan p = plan("+44", "9, 10");
        assertEquals("44", p.countryCode);
        assertEquals(Wire.REJECT_UNAVAILABLE, p.check("+44123456789"));
        assertEquals(Wire.REJECT_UNAVAILABLE, p.check("+441234567890"));
        assertEquals(Wire.REJECT_NOT_IN_SERVICE, p.check("+4412345678"));
    }

    @Test
    void noCountryCodeAllowsNoExternalNumber() {
        DialPlan none = plan("", "");
        assertEquals(Wire.REJECT_NOT_ALLOWED, none.check("+96512345678"));
        assertEquals(0, none.check("12345678"));
    }

    @Test
    void badValuesNameTheKey() {
        assertEquals("dialplan.country.code must be 1 to 3 digits (ITU E.164), got '9650'",
                assertThrows(IllegalArgumentException.class, () -> plan("9650", "8")).getMessage());
        assertEquals("dialplan.national.lengths: '13' is not 1..12 digits",
                assertThrows(IllegalArgumentException.class, () -> plan("965", "8,13")).getMessage());
        assertEquals("dialplan.national.lengths must name at least one length when dialplan.country.code is set",
                assertThrows(IllegalArgumentException.class, () -> plan("965", " ")).getMessage());
    }
}
