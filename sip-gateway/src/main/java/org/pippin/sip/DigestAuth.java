package org.pippin.sip;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Locale;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.pippin.protocol.Clock;

/**
 * Server side of SIP digest authentication (RFC 2617 / RFC 3261 section 22, MD5, qop=auth or none). Nonces are
 * stateless: {@code base64url(time ‖ HMAC-SHA256(key, time)[0..16])}, so the relay keeps nothing per challenge and a
 * forged or altered nonce fails; a nonce older than its lifetime is answered as stale. Every failure looks the same
 * from outside: an unknown user is checked against a throw-away hash, so neither the answer nor its timing says
 * which numbers have a SIP password.
 */
final class DigestAuth {

    /** The outcome of checking one Authorization header. */
    enum Verdict { OK, STALE, FAILED }

    private static final int TIME_BYTES = 8;
    private static final int TAG_BYTES = 16;
    private static final byte[] NO_USER = new byte[16];

    private final byte[] key = new byte[32];
    private final Clock clock;
    private final long lifetimeMillis;

    DigestAuth(Clock clock, int nonceSeconds) {
        this.clock = clock;
        this.lifetimeMillis = nonceSeconds * 1000L;
        new SecureRandom().nextBytes(key);
    }

    /** A fresh nonce for a challenge. */
    String nonce() {
        return nonce(clock.nowMillis());
    }

    private String nonce(long time) {
        ByteBuffer b = ByteBuffer.allocate(TIME_BYTES + TAG_BYTES);
        b.putLong(time);
        b.put(tag(time), 0, TAG_BYTES);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b.array());
    }

    private byte[] tag(long time) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(ByteBuffer.allocate(TIME_BYTES).putLong(time).array());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every Java platform has HmacSHA256", e);
        }
    }

    /**
     * Checks a digest answer.
     *
     * @param ha1 the user's stored HA1, or null for a user without a SIP password (then always FAILED)
     * @param nc the nonce count as sent (8 hex digits), or null without qop
     */
    Verdict check(byte[] ha1, String method, String uri, String nonce, String nc, String cnonce, String qop,
            String response) {
        if (nonce == null || uri == null || response == null) {
            return Verdict.FAILED;
        }
        byte[] expected = expectedResponse(ha1 == null ? NO_USER : ha1, method, uri, nonce, nc, cnonce, qop);
        boolean match = MessageDigest.isEqual(expected, response.toLowerCase(Locale.ROOT)
                .getBytes(StandardCharsets.US_ASCII));
        if (ha1 == null || !match) {
            return Verdict.FAILED;
        }
        long time = nonceTime(nonce);
        if (time < 0) {
            return Verdict.FAILED;
        }
        long age = clock.nowMillis() - time;
        return age >= 0 && age <= lifetimeMillis ? Verdict.OK : Verdict.STALE;
    }

    /** The time a nonce of ours was made, or -1 if it is not one of ours. */
    private long nonceTime(String nonce) {
        byte[] raw;
        try {
            raw = Base64.getUrlDecoder().decode(nonce);
        } catch (IllegalArgumentException e) {
            return -1;
        }
        if (raw.length != TIME_BYTES + TAG_BYTES) {
            return -1;
        }
        long time = ByteBuffer.wrap(raw).getLong();
        boolean ours = MessageDigest.isEqual(Arrays.copyOf(tag(time), TAG_BYTES),
                Arrays.copyOfRange(raw, TIME_BYTES, TIME_BYTES + TAG_BYTES));
        return ours ? time : -1;
    }

    /** RFC 2617 section 3.2.2.1, as lowercase hex bytes. */
    static byte[] expectedResponse(byte[] ha1, String method, String uri, String nonce, String nc, String cnonce,
            String qop) {
        HexFormat hex = HexFormat.of();
        String ha2 = hex.formatHex(SipPasswords.md5((method + ":" + uri).getBytes(StandardCharsets.UTF_8)));
        String a = hex.formatHex(ha1) + ":" + nonce + ":"
                + (qop == null ? "" : nc + ":" + cnonce + ":" + qop + ":") + ha2;
        return hex.formatHex(SipPasswords.md5(a.getBytes(StandardCharsets.UTF_8)))
                .getBytes(StandardCharsets.US_ASCII);
    }
}
