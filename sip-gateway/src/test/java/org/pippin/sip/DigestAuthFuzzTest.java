package org.pippin.sip;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Digest answers with every field chosen by a client: our genuine nonce or any text, any nc/cnonce/qop/uri (or none),
 * and either the right response for them or any text. Checking never throws; OK or STALE only for one of our nonces
 * answered with the right response; our nonce answered right is OK while fresh and STALE after.
 */
class DigestAuthFuzzTest {

    private static final byte[] HA1 = SipPasswords.ha1("55500001", "pippin", "right-password");
    private final AtomicLong now = new AtomicLong(1_000_000);
    private final DigestAuth auth = new DigestAuth(now::get, 300);

    @FuzzTest(maxDuration = "10s")
    void check(FuzzedDataProvider in) {
        String genuine = auth.nonce();
        boolean ours = in.consumeBoolean();
        String nonce = ours ? genuine : orNull(in, in.consumeString(100));
        String method = in.consumeString(20);
        String uri = orNull(in, in.consumeString(100));
        String nc = orNull(in, in.consumeString(10));
        String cnonce = orNull(in, in.consumeString(40));
        String qop = orNull(in, in.consumeString(10));
        boolean knownUser = in.consumeBoolean();
        long later = in.consumeLong(0, 600_000);
        boolean rightAnswer = in.consumeBoolean();
        String response = rightAnswer && nonce != null && uri != null
                ? new String(DigestAuth.expectedResponse(HA1, method, uri, nonce, nc, cnonce, qop),
                        StandardCharsets.US_ASCII)
                : orNull(in, in.consumeRemainingAsString());
        now.addAndGet(later);

        DigestAuth.Verdict v = auth.check(knownUser ? HA1 : null, method, uri, nonce, nc, cnonce, qop, response);

        boolean right = response != null && nonce != null && uri != null && knownUser
                && response.toLowerCase(Locale.ROOT).equals(new String(DigestAuth.expectedResponse(HA1, method, uri,
                        nonce, nc, cnonce, qop), StandardCharsets.US_ASCII));
        boolean ourNonce = nonce != null && sameBytes(nonce, genuine);
        if (!right || !ourNonce) {
            assertEquals(DigestAuth.Verdict.FAILED, v, "nonce " + nonce + " response " + response);
        } else {
            assertEquals(later <= 300_000 ? DigestAuth.Verdict.OK : DigestAuth.Verdict.STALE, v);
        }
    }

    /** A nonce text that decodes to our nonce's bytes is our nonce (base64 may carry padding). */
    private static boolean sameBytes(String nonce, String genuine) {
        byte[] a;
        try {
            a = Base64.getUrlDecoder().decode(nonce);
        } catch (IllegalArgumentException e) {
            return false;
        }
        return Arrays.equals(Base64.getUrlDecoder().decode(genuine), a);
    }

    private static String orNull(FuzzedDataProvider in, String s) {
        return s.isEmpty() && in.consumeBoolean() ? null : s;
    }
}
