package org.pippin.relay.floods;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.pippin.relay.RelayConfig;

/** The buckets on a clock the test moves: bursts, even refill, per-source and per-session separation, bounded rows. */
class FloodLimiterTest {

    private final AtomicLong now = new AtomicLong(5_000_000_000L);

    private FloodLimiter limiter(String... overrides) throws Exception {
        return new FloodLimiter(RelayConfig.of(overrides).floods, now::get);
    }

    private static InetAddress ip(String literal) throws Exception {
        return InetAddress.getByName(literal);
    }

    @Test
    void attachesComeInABurstThenOneEachInterval() throws Exception {
        FloodLimiter f = limiter("floods.attach.max=3", "floods.attach.seconds=30");
        InetAddress a = ip("192.0.2.1");
        for (int i = 0; i < 3; i++) {
            assertEquals(0, f.attach(a), "attach " + i);
        }
        assertEquals(10_000, f.attach(a), "the 4th waits one interval (30 s / 3)");
        assertEquals(10_000, f.attachWait(a));
        assertEquals("attaches from 192.0.2.1: at most 3 per 30 s; try again in 10 s", f.attachDetail(a, 10_000));
        assertEquals(0, f.attach(ip("192.0.2.2")), "another address has a bucket of its own");
        now.addAndGet(9_999);
        assertEquals(1, f.attach(a));
        now.addAndGet(1);
        assertEquals(0, f.attachWait(a), "a peek takes nothing");
        assertEquals(0, f.attach(a));
        assertEquals(10_000, f.attach(a));
        now.addAndGet(60_000);
        for (int i = 0; i < 3; i++) {
            assertEquals(0, f.attach(a), "full again after a long quiet: attach " + i);
        }
        assertTrue(f.attach(a) > 0, "but never more than the burst");
    }

    @Test
    void anIpv6SubscriberCountsByItsSlash64() throws Exception {
        FloodLimiter f = limiter("floods.attach.max=2");
        assertEquals(0, f.attach(ip("2001:db8:1:2::1")));
        assertEquals(0, f.attach(ip("2001:db8:1:2:ffff::9")));
        assertTrue(f.attach(ip("2001:db8:1:2:abcd::7")) > 0, "same /64, other host part");
        assertEquals(0, f.attach(ip("2001:db8:1:3::1")), "the next /64 is another subscriber");
        assertEquals("2001:db8:1:2::/64", FloodLimiter.sourceKey(ip("2001:db8:1:2:abcd::7")));
        assertEquals("192.0.2.7", FloodLimiter.sourceKey(ip("::ffff:192.0.2.7")), "a mapped IPv4 is IPv4");
    }

    @Test
    void invitesCountPerSessionAndPerAddress() throws Exception {
        FloodLimiter f = limiter("floods.invite.max=3", "floods.invite.seconds=60", "floods.session.invite.max=2",
                "floods.session.invite.seconds=20");
        InetAddress nat = ip("198.51.100.1");
        FloodLimiter.Bucket one = new FloodLimiter.Bucket();
        FloodLimiter.Bucket two = new FloodLimiter.Bucket();
        assertEquals(0, f.invite(nat, one));
        assertEquals(0, f.invite(nat, one));
        assertEquals(10_000, f.invite(nat, one), "the session's own limit: 2 per 20 s");
        assertEquals(0, f.invite(nat, two), "another phone behind the same address");
        assertEquals(20_000, f.invite(nat, two), "now the address's limit: 3 per 60 s");
        assertEquals(0, f.invite(ip("198.51.100.2"), new FloodLimiter.Bucket()));
        now.addAndGet(20_000);
        assertEquals(0, f.invite(nat, two), "a refused INVITE took nothing from the session");
        assertEquals(0, f.invite(null, one), "a line inside the relay counts per session only");
        assertEquals(0, f.invite(null, one));
        assertTrue(f.invite(null, one) > 0);
    }

    @Test
    void answersToOneAddressHaveABudget() throws Exception {
        FloodLimiter f = limiter("floods.answers.max=2", "floods.answers.seconds=10");
        InetAddress victim = ip("203.0.113.9");
        assertTrue(f.answer(victim));
        assertTrue(f.answer(victim));
        assertFalse(f.answer(victim));
        assertTrue(f.answer(ip("203.0.113.10")));
        now.addAndGet(5_000);
        assertTrue(f.answer(victim));
        assertFalse(f.answer(victim));
    }

    @Test
    void memoryIsBoundedByTrackedAndTheLeastRecentlySeenGoFirst() throws Exception {
        FloodLimiter f = limiter("floods.tracked=1000", "floods.attach.max=1");
        InetAddress kept = ip("10.255.255.255");
        assertEquals(0, f.attach(kept));
        for (int i = 0; i < 5000; i++) {
            f.attach(InetAddress.getByAddress(new byte[] {10, 0, (byte) (i >> 8), (byte) i}));
            if (i % 100 == 0) {
                assertTrue(f.attach(kept) > 0, "a source seen often stays counted");
            }
        }
        assertEquals(1000, f.tracked());
        assertEquals(0, f.attach(ip("10.0.0.0")), "the oldest were forgotten: it starts full again");
    }
}
