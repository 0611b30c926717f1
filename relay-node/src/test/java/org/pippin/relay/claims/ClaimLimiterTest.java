package org.pippin.relay.claims;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.net.InetAddress;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.pippin.identity.IdentityKey;
import org.pippin.relay.RelayConfig;

class ClaimLimiterTest {

    private final AtomicLong now = new AtomicLong(5_000);
    private final ClaimLimiter limiter;
    private final byte[] key1 = IdentityKey.fromSecret(new byte[32]).publicKey();
    private final byte[] key2 = IdentityKey.fromSecret(filled(2)).publicKey();
    private final InetAddress a;
    private final InetAddress b;

    ClaimLimiterTest() throws Exception {
        limiter = new ClaimLimiter(RelayConfig.of("claims.address.max=3", "claims.address.seconds=3600",
                "claims.key.max=2", "claims.key.seconds=86400").claims, now::get);
        a = InetAddress.getByName("192.0.2.7");
        b = InetAddress.getByName("198.51.100.9");
    }

    private static byte[] filled(int v) {
        byte[] s = new byte[32];
        java.util.Arrays.fill(s, (byte) v);
        return s;
    }

    @Test
    void perKeyThenPerAddressAndTheyComeBackOverThePeriod() {
        assertNull(limiter.admit(a, key1));
        assertNull(limiter.admit(a, key1));
        assertEquals("claims by key " + IdentityKey.fingerprint(key1) + ": at most 2 per 86400 s; try again in 43200 s",
                limiter.admit(b, key1), "the key's limit holds from any address");
        assertNull(limiter.admit(a, key2), "the refused claim took nothing from the address");
        assertEquals("claims from 192.0.2.7: at most 3 per 3600 s; try again in 1200 s", limiter.admit(a, key2));
        assertEquals("claims from 192.0.2.7: at most 3 per 3600 s; try again in 1200 s", limiter.admit(a, null),
                "a claim that does not decode counts by its address");
        now.addAndGet(1_199_000);
        assertEquals("claims from 192.0.2.7: at most 3 per 3600 s; try again in 1 s", limiter.admit(a, key2));
        now.addAndGet(1_000);
        assertNull(limiter.admit(a, key2));
        assertEquals("claims by key " + IdentityKey.fingerprint(key2) + ": at most 2 per 86400 s; try again in 42000 s",
                limiter.admit(b, key2), "its first claim was 1200 s ago");
        now.addAndGet(86_400_000);
        assertNull(limiter.admit(b, key1));
        assertNull(limiter.admit(b, key1));
    }

    @Test
    void ipv6CountsByItsSlash64() throws Exception {
        ClaimLimiter one = new ClaimLimiter(RelayConfig.of("claims.address.max=1").claims, now::get);
        InetAddress first = InetAddress.getByName("2001:db8:1:2::1");
        InetAddress sameNet = InetAddress.getByName("2001:db8:1:2:ffff::9");
        InetAddress otherNet = InetAddress.getByName("2001:db8:1:3::1");
        assertEquals("2001:db8:1:2::/64", ClaimLimiter.addressKey(first));
        assertNull(one.admit(first, null));
        assertEquals("claims from 2001:db8:1:2::/64: at most 1 per 3600 s; try again in 3600 s",
                one.admit(sameNet, null));
        assertNull(one.admit(otherNet, null));
    }
}
