package org.pippin.relay.linked;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.pippin.protocol.Wire;
import org.pippin.relay.RelayConfig;

/** Verification codes on a fake clock: digits, one use, wrong tries, expiry, and the daily limit per owner. */
class LinkVerifierTest {

    private final AtomicLong now = new AtomicLong(1_000_000);
    private final LinkVerifier codes;

    LinkVerifierTest() throws Exception {
        codes = new LinkVerifier(RelayConfig.of("links.code.seconds=60", "links.code.attempts=2",
                "links.verify.calls.per.day=3").links, now::get);
    }

    @Test
    void aCodeIsSixDigitsAndWorksOnce() {
        String code = codes.newCode("555", "+96512345678");
        assertTrue(code.matches("[0-9]{6}"), code);
        assertEquals(Wire.RESULT_LINK_NO_CODE, codes.check("555", "+96512345679", code), "another number's");
        assertEquals(Wire.RESULT_LINK_NO_CODE, codes.check("556", "+96512345678", code), "another owner's");
        assertEquals(Wire.RESULT_OK, codes.check("555", "+96512345678", code));
        assertEquals(Wire.RESULT_LINK_NO_CODE, codes.check("555", "+96512345678", code));
    }

    @Test
    void wrongTriesUseTheCodeUp() {
        String code = codes.newCode("555", "+96512345678");
        String wrong = code.equals("000000") ? "000001" : "000000";
        assertEquals(Wire.RESULT_LINK_CODE_WRONG, codes.check("555", "+96512345678", wrong));
        assertEquals(Wire.RESULT_LINK_TOO_MANY, codes.check("555", "+96512345678", wrong));
        assertEquals(Wire.RESULT_LINK_NO_CODE, codes.check("555", "+96512345678", code), "gone after the last try");
    }

    @Test
    void codesExpireAndANewCallReplacesTheOld() {
        String first = codes.newCode("555", "+96512345678");
        String second = codes.newCode("555", "+96512345678");
        if (!first.equals(second)) {
            assertEquals(Wire.RESULT_LINK_CODE_WRONG, codes.check("555", "+96512345678", first));
        }
        now.addAndGet(60_000);
        assertEquals(Wire.RESULT_LINK_NO_CODE, codes.check("555", "+96512345678", second));
        assertEquals(0, codes.pendingCount());
    }

    @Test
    void anOwnerGetsSoManyCallsADay() {
        for (int i = 0; i < 3; i++) {
            assertNotNull(codes.newCode("555", "+9651234567" + i));
        }
        assertNull(codes.newCode("555", "+96512345670"));
        assertEquals("at most 3 verification calls a day; try again in 86400 s", codes.refusal("555"));
        assertNotNull(codes.newCode("556", "+96512345670"), "another owner is not limited by this one");
        now.addAndGet(24 * 3600 * 1000L);
        assertNotEquals(null, codes.newCode("555", "+96512345670"));
    }
}
