package org.pippin.relay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.net.InetAddress;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pippin.identity.BlockList;
import org.pippin.identity.IdentityKey;
import org.pippin.identity.Release;
import org.pippin.protocol.Invite;
import org.pippin.protocol.Registered;
import org.pippin.protocol.Reject;
import org.pippin.protocol.Result;
import org.pippin.protocol.Wire;

/**
 * Claims beyond the per-address and per-key limits, and bad releases and block lists, through a relay with its
 * embedded registrar (a real Ratis server): each gets a RESULT that says why, and the registry keeps nothing of it.
 * The limits run on the relay's clock, which the test moves.
 */
class ClaimLimitsTest {

    static final int DIFFICULTY = 10;

    @TempDir
    static Path dir;
    static RelayFixture relay;

    @BeforeAll
    static void start() throws Exception {
        relay = new RelayFixture(dir, "registrar.enabled=true", "registrar.members=r1@127.0.0.1:"
                + NumbersTest.freePort(), "registrar.pow.difficulty=" + DIFFICULTY, "claims.address.max=3",
                "claims.address.seconds=3600", "claims.key.max=2", "claims.key.seconds=86400");
        NumbersTest.awaitLeader(relay.server);
    }

    @AfterAll
    static void stop() {
        relay.close();
    }

    private static void refused(Result r, int outcome, String detail) {
        assertEquals(Wire.resultName(outcome), Wire.resultName(r.outcome), r.toString());
        assertEquals(detail, r.detail);
        assertEquals(0, r.record().length);
    }

    @Test
    void claimsBeyondALimitAreRefusedAndNeverReachTheRegistrar() throws Exception {
        InetAddress other = InetAddress.getByName("127.0.0.2");
        try (KeyPhone a = new KeyPhone(TestPhone.udp(relay.port)); KeyPhone b = new KeyPhone(TestPhone.tcp(relay.port));
                KeyPhone c = new KeyPhone(TestPhone.udpFrom(other, relay.port));
                KeyPhone aElsewhere = new KeyPhone(TestPhone.udpFrom(other, relay.port), a.key)) {
            long limited = relay.counter(Counters.Name.CLAIMS_RATE_LIMITED);
            assertEquals(Wire.RESULT_GRANTED, a.claim("41000001", DIFFICULTY).outcome);
            assertEquals(Wire.RESULT_GRANTED, a.claim("41000002", DIFFICULTY).outcome);
            String keyLimit = "claims by key " + IdentityKey.fingerprint(a.key.publicKey())
                    + ": at most 2 per 86400 s; try again in 43200 s";
            refused(a.claim("41000003", DIFFICULTY), Wire.RESULT_RATE_LIMITED, keyLimit);
            refused(aElsewhere.claim("41000003", DIFFICULTY), Wire.RESULT_RATE_LIMITED, keyLimit);

            // The refused claims took nothing: another key from the same address (over TCP) gets the number.
            assertEquals(Wire.RESULT_GRANTED, b.claim("41000003", DIFFICULTY).outcome);
            refused(b.claim("41000004", DIFFICULTY), Wire.RESULT_RATE_LIMITED,
                    "claims from 127.0.0.1: at most 3 per 3600 s; try again in 1200 s");
            refused(b.request(Wire.CLAIM, new byte[] {1, 1, 0}), Wire.RESULT_RATE_LIMITED,
                    "claims from 127.0.0.1: at most 3 per 3600 s; try again in 1200 s");
            assertEquals(Wire.RESULT_GRANTED, c.claim("41000004", DIFFICULTY).outcome, "another address may");
            assertEquals(limited + 4, relay.counter(Counters.Name.CLAIMS_RATE_LIMITED));

            // One claim comes back per 1200 s. A phone silent that long is detached by the relay's timer, so a fresh
            // one from the same address asks (the limit is the address's).
            relay.clock.advanceSeconds(1199);
            try (KeyPhone later = new KeyPhone(TestPhone.tcp(relay.port))) {
                refused(later.claim("41000005", DIFFICULTY), Wire.RESULT_RATE_LIMITED,
                        "claims from 127.0.0.1: at most 3 per 3600 s; try again in 1 s");
                relay.clock.advanceSeconds(1);
                assertEquals(Wire.RESULT_GRANTED, later.claim("41000005", DIFFICULTY).outcome);
            }
        }
    }

    @Test
    void badReleasesAndBlockListsGetTheExactErrorAndStoreNothing() throws Exception {
        InetAddress other = InetAddress.getByName("127.0.0.3");
        try (KeyPhone a = new KeyPhone(TestPhone.udpFrom(other, relay.port));
                KeyPhone m = new KeyPhone(TestPhone.udpFrom(other, relay.port));
                TestPhone blocked = TestPhone.udpFrom(other, relay.port)) {
            assertEquals(Wire.RESULT_GRANTED, a.claim("42000001", DIFFICULTY).outcome);
            assertInstanceOf(Registered.class, a.login("42000001"));
            assertEquals(Wire.RESULT_OK, a.blockList("42000001", 5, false, new String[] {"55542001"},
                    new String[0]).outcome);
            blocked.register("55542001", CallTest.SECRET_A);

            refused(a.request(Wire.BLOCKLIST, new byte[BlockList.MAX_LENGTH + 1]), Wire.RESULT_TOO_LARGE,
                    "BLOCKLIST record of 500 bytes, at most 499");
            refused(a.request(Wire.BLOCKLIST, new byte[] {3, 1}), Wire.RESULT_MALFORMED,
                    "BLOCK_LIST truncated at owner");
            byte[] flipped = BlockList.sign(a.key, "42000001", 6, false, new String[0], new String[0]).encode();
            flipped[flipped.length - 1] ^= 1;
            assertEquals(Wire.RESULT_BAD_SIGNATURE, a.request(Wire.BLOCKLIST, flipped).outcome);
            refused(m.blockList("42000001", 7, false, new String[0], new String[0]), Wire.RESULT_NOT_OWNER,
                    "BLOCK_LIST key does not own 42000001");
            assertEquals(Wire.RESULT_REPLAYED, a.blockList("42000001", 4, false, new String[0], new String[0])
                    .outcome, "an older list does not replace a newer one");

            refused(a.request(Wire.RELEASE, new byte[Release.MAX_LENGTH + 1]), Wire.RESULT_TOO_LARGE,
                    "RELEASE record of 114 bytes, at most 113");
            refused(a.request(Wire.RELEASE, new byte[] {2, 1, 8}), Wire.RESULT_MALFORMED,
                    "RELEASE truncated at number");
            byte[] bad = Release.sign(a.key, "42000001", KeyPhone.now()).encode();
            bad[bad.length - 1] ^= 1;
            assertEquals(Wire.RESULT_BAD_SIGNATURE, a.request(Wire.RELEASE, bad).outcome);
            refused(m.release("42000001"), Wire.RESULT_NOT_OWNER, "RELEASE key does not own 42000001");
            assertEquals(Wire.RESULT_STALE, a.request(Wire.RELEASE, Release.sign(a.key, "42000001",
                    KeyPhone.now() - 100_000).encode()).outcome);

            // Nothing of it stuck: the number is still a's, its block list still the one with sequence 5.
            assertEquals(Wire.RESULT_TAKEN, m.claim("42000001", DIFFICULTY).outcome);
            blocked.send(new Invite(0x4201, "", "42000001", TestPhone.GSM, 100, 0));
            assertEquals(Wire.REJECT_DECLINED, blocked.expect(Reject.class).reason);
        }
    }
}
