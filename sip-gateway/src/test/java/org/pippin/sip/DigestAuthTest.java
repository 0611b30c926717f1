package org.pippin.sip;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HexFormat;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class DigestAuthTest {

    private final AtomicLong now = new AtomicLong(1_000_000);
    private final DigestAuth auth = new DigestAuth(now::get, 300);

    /** RFC 2617 section 3.5: Mufasa, "Circle Of Life", qop=auth. */
    @Test
    void rfc2617Example() {
        byte[] ha1 = SipPasswords.ha1("Mufasa", "testrealm@host.com", "Circle Of Life");
        assertEquals("939e7578ed9e3c518a452acee763bce9", HexFormat.of().formatHex(ha1));
        byte[] response = DigestAuth.expectedResponse(ha1, "GET", "/dir/index.html",
                "dcd98b7102dd2f0e8b11d0f600bfb0c093", "00000001", "0a4f113b", "auth");
        assertArrayEquals("6629fae49393a05397450978507c4ef1".getBytes(StandardCharsets.US_ASCII), response);
    }

    private String answer(byte[] ha1, String nonce) {
        return new String(DigestAuth.expectedResponse(ha1, "REGISTER", "sip:127.0.0.1", nonce, "00000001", "c",
                "auth"), StandardCharsets.US_ASCII);
    }

    @Test
    void ourNonceWithTheRightPasswordPassesUntilItIsStale() {
        byte[] ha1 = SipPasswords.ha1("55500001", "pippin", "right-password");
        String nonce = auth.nonce();
        String response = answer(ha1, nonce);
        assertEquals(DigestAuth.Verdict.OK, check(ha1, nonce, response));
        assertEquals(DigestAuth.Verdict.OK, check(ha1, nonce, response.toUpperCase()));
        now.addAndGet(300_000);
        assertEquals(DigestAuth.Verdict.OK, check(ha1, nonce, response));
        now.addAndGet(1);
        assertEquals(DigestAuth.Verdict.STALE, check(ha1, nonce, response));
    }

    @Test
    void wrongPasswordUnknownUserAndForeignNoncesFail() {
        byte[] ha1 = SipPasswords.ha1("55500001", "pippin", "right-password");
        byte[] wrong = SipPasswords.ha1("55500001", "pippin", "wrong-password");
        String nonce = auth.nonce();
        assertEquals(DigestAuth.Verdict.FAILED, check(ha1, nonce, answer(wrong, nonce)));
        // An unknown user: no hash, whatever was answered.
        assertEquals(DigestAuth.Verdict.FAILED, check(null, nonce, answer(ha1, nonce)));
        // A nonce of another relay (another key), a forged time, garbage: all fail even with the right password.
        String foreign = new DigestAuth(now::get, 300).nonce();
        assertNotEquals(nonce, foreign);
        assertEquals(DigestAuth.Verdict.FAILED, check(ha1, foreign, answer(ha1, foreign)));
        // Our nonce with its time moved (its tag kept): a client cannot make an old nonce look fresh.
        byte[] raw = Base64.getUrlDecoder().decode(nonce);
        raw[7] ^= 1;
        String forged = Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
        assertNotEquals(nonce, forged);
        assertEquals(DigestAuth.Verdict.FAILED, check(ha1, forged, answer(ha1, forged)));
        assertEquals(DigestAuth.Verdict.FAILED, check(ha1, "not*base64", answer(ha1, "not*base64")));
        assertEquals(DigestAuth.Verdict.FAILED, check(ha1, null, "x"));
    }

    private DigestAuth.Verdict check(byte[] ha1, String nonce, String response) {
        return auth.check(ha1, "REGISTER", "sip:127.0.0.1", nonce, "00000001", "c", "auth", response);
    }
}
