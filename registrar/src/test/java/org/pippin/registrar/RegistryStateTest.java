package org.pippin.registrar;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.pippin.identity.RegistrarRecord;

/** The registry's decisions, fed leader-stamped entries directly (no Ratis): every rule and every refusal. */
class RegistryStateTest {

    private static final int DIFFICULTY = 8;
    private static final long T0 = 1_800_000_000_000L;
    private static final long DAY = NetworkSettings.DAY_MILLIS;

    private final NetworkSettings settings = new NetworkSettings(DIFFICULTY, 8,
            List.of(new NetworkSettings.Range(0, 9_999_999)), 30, 365, 600);
    private final Phone alice = new Phone();
    private final Phone bob = new Phone();
    private RegistryState state;
    private RegistrarKey registrar;
    private long time;
    /** Every entry applied, so a second state can replay them. */
    private final List<byte[]> log = new ArrayList<>();

    @BeforeEach
    void setUp(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws IOException {
        state = new RegistryState();
        registrar = RegistrarKey.loadOrCreate(dir.resolve("key"));
        time = T0;
    }

    @Test
    void claimThenLookupGivesASignedRecord() throws Exception {
        Reply r = apply(Commands.CLAIM, alice.claim("12345678", time, DIFFICULTY));
        assertEquals(Outcome.GRANTED, r.outcome);
        RegistrarRecord rec = r.registrarRecord();
        assertTrue(rec.verify(registrar.publicKey()));
        assertTrue(rec.isOwnedBy(alice.publicKey(), time / 1000));
        assertEquals("12345678", rec.number);
        Reply lookup = query(Commands.LOOKUP, "12345678");
        assertEquals(Outcome.OWNED, lookup.outcome);
        assertArrayEquals(alice.publicKey(), lookup.registrarRecord().ownerKey());
        assertEquals(Outcome.FREE, query(Commands.LOOKUP, "12345679").outcome);
    }

    @Test
    void secondKeyIsToldTaken() {
        assertEquals(Outcome.GRANTED, apply(Commands.CLAIM, alice.claim("12345678", time, DIFFICULTY)).outcome);
        assertEquals(Outcome.TAKEN, apply(Commands.CLAIM, bob.claim("12345678", time, DIFFICULTY)).outcome);
        assertEquals(Outcome.NOT_OWNER, apply(Commands.RELEASE, bob.release("12345678", time)).outcome);
        assertEquals(Outcome.OWNED, query(Commands.LOOKUP, "12345678").outcome);
    }

    @Test
    void releaseQuarantinesThenFrees() throws Exception {
        apply(Commands.CLAIM, alice.claim("12345678", time, DIFFICULTY));
        time += 1000;
        Reply released = apply(Commands.RELEASE, alice.release("12345678", time));
        assertEquals(Outcome.OK, released.outcome);
        RegistrarRecord q = released.registrarRecord();
        assertEquals(RegistrarRecord.QUARANTINE, q.state);
        assertEquals((time + 30 * DAY) / 1000, q.until);

        time += 29 * DAY;
        Reply refused = apply(Commands.CLAIM, bob.claim("12345678", time, DIFFICULTY));
        assertEquals(Outcome.QUARANTINED, refused.outcome);
        assertEquals(Outcome.QUARANTINED, query(Commands.LOOKUP, "12345678").outcome);
        assertEquals(Outcome.QUARANTINED, apply(Commands.CLAIM, alice.claim("12345678", time, DIFFICULTY)).outcome);

        time += DAY;
        // No entry has carried time past the quarantine yet; a lookup at the reader's time already says free.
        assertEquals(Outcome.FREE, query(Commands.LOOKUP, "12345678").outcome);
        assertEquals(Outcome.GRANTED, apply(Commands.CLAIM, bob.claim("12345678", time, DIFFICULTY)).outcome);
        assertArrayEquals(bob.publicKey(), query(Commands.LOOKUP, "12345678").registrarRecord().ownerKey());
    }

    @Test
    void inactiveOwnersAreReleasedAndLoginsKeepNumbers() throws Exception {
        apply(Commands.CLAIM, alice.claim("22222222", time, DIFFICULTY));
        apply(Commands.CLAIM, bob.claim("33333333", time, DIFFICULTY));
        time += 200 * DAY;
        assertEquals(Outcome.OK, apply(Commands.LOGIN, bob.login("33333333", time)).outcome);
        assertEquals(Outcome.NOT_OWNER, apply(Commands.LOGIN, alice.login("33333333", time)).outcome);
        time += 165 * DAY;
        Reply any = apply(Commands.LOGIN, bob.login("33333333", time));
        assertEquals(Outcome.OK, any.outcome);
        RegistrarRecord expired = query(Commands.LOOKUP, "22222222").registrarRecord();
        assertEquals(RegistrarRecord.QUARANTINE, expired.state);
        assertEquals((T0 + 365 * DAY) / 1000, expired.since);
        assertEquals(Outcome.OWNED, query(Commands.LOOKUP, "33333333").outcome);
    }

    @Test
    void planAndReservedRanges() {
        assertEquals(Outcome.RESERVED, apply(Commands.CLAIM, alice.claim("01234567", time, DIFFICULTY)).outcome);
        assertEquals(Outcome.NOT_IN_PLAN, apply(Commands.CLAIM, alice.claim("1234567", time, DIFFICULTY)).outcome);
        assertEquals(Outcome.NOT_IN_PLAN, apply(Commands.CLAIM, alice.claim("1234567*", time, DIFFICULTY)).outcome);
        assertEquals(Outcome.FREE, query(Commands.LOOKUP, "12345678").outcome);
        assertEquals(Outcome.RESERVED, query(Commands.LOOKUP, "00000001").outcome);
    }

    @Test
    void randomClaimsAreFreeDeterministicAndKeepThePrefix() throws Exception {
        Reply first = apply(Commands.CLAIM, alice.claimRandom("55", time, DIFFICULTY), 42);
        Reply second = apply(Commands.CLAIM, bob.claimRandom("55", time, DIFFICULTY), 42);
        String a = first.registrarRecord().number;
        String b = second.registrarRecord().number;
        assertTrue(a.startsWith("55") && a.length() == 8, a);
        assertNotEquals(a, b);
        assertEquals(Outcome.GRANTED, first.outcome);
        // Same seed, next number up: the probe skips the one taken.
        assertEquals(Long.parseLong(a) + 1 == 56_000_000 ? 55_000_000 : Long.parseLong(a) + 1, Long.parseLong(b));
        assertEquals(Outcome.NO_FREE_NUMBER,
                apply(Commands.CLAIM, alice.claimRandom("0", time, DIFFICULTY)).outcome);
    }

    @Test
    void replaysAreRefused() throws Exception {
        byte[] claim = alice.claimRandom("", time, DIFFICULTY);
        Reply granted = apply(Commands.CLAIM, claim);
        assertEquals(Outcome.GRANTED, granted.outcome);
        String number = granted.registrarRecord().number;
        Reply again = apply(Commands.CLAIM, claim);
        assertEquals(Outcome.REPLAYED, again.outcome);
        assertEquals("CLAIM with this key and nonce was applied before", again.detail);
        assertEquals(number, again.registrarRecord().number);
        assertEquals(1, state.ownedCount());

        byte[] list = alice.blockList(number, 5, "99999999");
        assertEquals(Outcome.OK, apply(Commands.BLOCK_LIST, list).outcome);
        assertEquals(Outcome.REPLAYED, apply(Commands.BLOCK_LIST, list).outcome);
        assertEquals(Outcome.REPLAYED, apply(Commands.BLOCK_LIST, alice.blockList(number, 4)).outcome);
        assertEquals(Outcome.NOT_OWNER, apply(Commands.BLOCK_LIST, bob.blockList(number, 9)).outcome);
        assertArrayEquals(list, query(Commands.GET_BLOCK_LIST, number).record());
        assertEquals(Outcome.NOT_FOUND, query(Commands.GET_BLOCK_LIST, "12345678").outcome);
    }

    @Test
    void oldAndFutureRecordsAreStale() {
        Reply old = apply(Commands.CLAIM, alice.claim("12345678", time - 601_000, DIFFICULTY));
        assertEquals(Outcome.STALE, old.outcome);
        assertEquals("CLAIM time 1799999399 is 601 s behind the registrar, window 600 s", old.detail);
        assertEquals(Outcome.STALE, apply(Commands.CLAIM, alice.claim("12345678", time + 700_000, DIFFICULTY)).outcome);
        assertEquals(0, state.ownedCount());
        apply(Commands.CLAIM, alice.claim("12345678", time, DIFFICULTY));
        assertEquals(Outcome.STALE, apply(Commands.RELEASE, alice.release("12345678", time - 601_000)).outcome);
        assertEquals(Outcome.OWNED, query(Commands.LOOKUP, "12345678").outcome);
    }

    @Test
    void hostileInputIsRefusedExactlyAndStoresNothing() throws Exception {
        byte[] good = alice.claim("12345678", time, DIFFICULTY);

        byte[] forged = good.clone();
        forged[forged.length - 1] ^= 1;
        assertRefused(Outcome.BAD_SIGNATURE, "CLAIM signature does not verify", Commands.CLAIM, forged);

        // Bob's key in Alice's claim: the work binds the old bytes, so the work check fails first, unless the old
        // nonce happens to meet difficulty 8 for the new bytes too (1 in 256 keys); then the signature does not.
        byte[] otherKey = good.clone();
        System.arraycopy(bob.publicKey(), 0, otherKey, 8, 32);
        if (org.pippin.identity.Claim.decode(otherKey, 0, otherKey.length).verifyWork()) {
            assertRefused(Outcome.BAD_SIGNATURE, "CLAIM signature does not verify", Commands.CLAIM, otherKey);
        } else {
            assertRefused(Outcome.TOO_LITTLE_WORK, "CLAIM nonce does not meet difficulty 8", Commands.CLAIM,
                    otherKey);
        }

        assertRefused(Outcome.TOO_LITTLE_WORK, "CLAIM difficulty 7, network asks 8", Commands.CLAIM,
                alice.claim("12345678", time, DIFFICULTY - 1));

        byte[] truncated = java.util.Arrays.copyOf(good, good.length - 10);
        assertRefused(Outcome.MALFORMED, "CLAIM truncated at signature", Commands.CLAIM, truncated);
        byte[] trailing = java.util.Arrays.copyOf(good, good.length + 1);
        assertRefused(Outcome.MALFORMED, "CLAIM 1 trailing byte", Commands.CLAIM, trailing);
        assertRefused(Outcome.MALFORMED, "expected CLAIM, got RELEASE", Commands.CLAIM,
                alice.release("12345678", time));
        assertRefused(Outcome.TOO_LARGE, "CLAIM of 300 bytes, at most 123", Commands.CLAIM, new byte[300]);
        assertRefused(Outcome.MALFORMED, "unknown request type 9", 9, good);
        assertRefused(Outcome.MALFORMED, "empty request", -1, new byte[0]);
        assertEquals(Outcome.TOO_LARGE, decide(Commands.TOO_LARGE_MARKER, 0).outcome);

        assertEquals(0, state.ownedCount());
        assertEquals(Outcome.GRANTED, apply(Commands.CLAIM, good).outcome);
    }

    @Test
    void linksAreTheOwnersAndExternalNumbersBecomeVerified() throws Exception {
        String number = "12345678";
        apply(Commands.CLAIM, alice.claim(number, time, DIFFICULTY));
        byte[] list = org.pippin.identity.LinkedNumbers.sign(alice.key, number, 3,
                org.pippin.identity.LinkedNumbers.SEQUENTIAL, 10, new String[] {"+96512345601", "87654321"}).encode();
        assertEquals(Outcome.NOT_FOUND, query(Commands.GET_LINKS, number).outcome);
        assertEquals(Outcome.OK, apply(Commands.LINKS, list).outcome);
        assertEquals(Outcome.REPLAYED, apply(Commands.LINKS, list).outcome);
        assertEquals(Outcome.NOT_OWNER, apply(Commands.LINKS, org.pippin.identity.LinkedNumbers.sign(bob.key, number,
                9, 0, 10, new String[0]).encode()).outcome);
        Links links = Links.decode(query(Commands.GET_LINKS, number).record());
        assertArrayEquals(list, links.list.encode());
        assertTrue(links.verified.isEmpty());

        long seconds = time / 1000;
        assertRefused(Outcome.MALFORMED, "LINK_CHECK without a code verifies nothing", Commands.LINK_VERIFIED,
                org.pippin.identity.LinkCheck.sign(alice.key, number, seconds, "+96512345601", "").encode());
        assertEquals(Outcome.NOT_OWNER, apply(Commands.LINK_VERIFIED, org.pippin.identity.LinkCheck.sign(bob.key,
                number, seconds, "+96512345601", "1234").encode()).outcome);
        assertEquals(Outcome.STALE, apply(Commands.LINK_VERIFIED, org.pippin.identity.LinkCheck.sign(alice.key,
                number, seconds - 3600, "+96512345601", "1234").encode()).outcome);
        assertEquals(Outcome.OK, apply(Commands.LINK_VERIFIED, org.pippin.identity.LinkCheck.sign(alice.key,
                number, seconds, "+96512345601", "1234").encode()).outcome);
        assertEquals(List.of("+96512345601"),
                List.copyOf(Links.decode(query(Commands.GET_LINKS, number).record()).verified));

        RegistryState restored = RegistryState.read(new DataInputStream(new ByteArrayInputStream(snapshot(state))));
        assertArrayEquals(snapshot(state), snapshot(restored));
        time += 1000;
        apply(Commands.RELEASE, alice.release(number, time));
        assertEquals(Outcome.NOT_FOUND, query(Commands.GET_LINKS, number).outcome, "a release forgets the links");
    }

    @Test
    void everyMemberDecidesAlikeAndSnapshotsRoundTrip() throws Exception {
        apply(Commands.CLAIM, alice.claim("12345678", time, DIFFICULTY));
        apply(Commands.CLAIM, bob.claimRandom("", time, DIFFICULTY), 7);
        apply(Commands.BLOCK_LIST, alice.blockList("12345678", 1, "87654321"));
        time += DAY;
        apply(Commands.RELEASE, alice.release("12345678", time));

        RegistryState replica = new RegistryState();
        for (byte[] e : log) {
            replica.apply(e);
        }
        assertArrayEquals(snapshot(state), snapshot(replica));

        RegistryState restored = RegistryState.read(new DataInputStream(new ByteArrayInputStream(snapshot(state))));
        assertArrayEquals(snapshot(state), snapshot(restored));
        assertEquals(1, restored.ownedCount());
        assertEquals(Outcome.QUARANTINED, Reply.decode(restored.query(lookup("12345678"), restored.now(), settings)
                .reply(registrar, restored.now())).outcome);
    }

    @Test
    void beforeTheFirstEntryLookupsFollowTheConfiguredPlan() {
        assertEquals(Outcome.FREE, query(Commands.LOOKUP, "12345678").outcome);
        assertEquals(Outcome.NOT_IN_PLAN, query(Commands.LOOKUP, "1234567").outcome);
    }

    @Test
    void timeNeverRunsBackwardsAcrossLeaders() {
        apply(Commands.CLAIM, alice.claim("12345678", time, DIFFICULTY));
        time -= 500_000;
        apply(Commands.LOGIN, alice.login("12345678", time + 500_000));
        assertEquals(T0, state.now());
    }

    private void assertRefused(Outcome outcome, String detail, int type, byte[] body) {
        Reply r = apply(type, body);
        assertEquals(outcome, r.outcome);
        assertEquals(detail, r.detail);
        assertEquals(0, r.record().length);
    }

    private Reply apply(int type, byte[] body) {
        return apply(type, body, 1);
    }

    private Reply apply(int type, byte[] body, long seed) {
        return decide(type < 0 ? body : Commands.request(type, body), seed);
    }

    private Reply decide(byte[] command, long seed) {
        byte[] entry = Commands.stamp(time, seed, settings, command);
        log.add(entry);
        return Reply.decode(state.apply(entry).reply(registrar, state.now()));
    }

    private Reply query(int type, String number) {
        return Reply.decode(state.query(Commands.request(type, number.getBytes(StandardCharsets.US_ASCII)), time, settings)
                .reply(registrar, time));
    }

    private static byte[] lookup(String number) {
        return Commands.request(Commands.LOOKUP, number.getBytes(StandardCharsets.US_ASCII));
    }

    private static byte[] snapshot(RegistryState s) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        s.write(new DataOutputStream(b));
        return b.toByteArray();
    }
}
