package org.pippin.registrar;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.pippin.identity.RegistrarRecord;

/** The embedded registrar: one Ratis member on a loopback port, driven through a real client. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SingleMemberTest {

    private static final int D = Cluster.TEST_DIFFICULTY;

    @TempDir
    Path dir;

    @Test
    void claimLookupReleaseQuarantineAndReclaim() throws Exception {
        Phone alice = new Phone();
        Phone bob = new Phone();
        try (Cluster c = Cluster.start(dir, 1); RegistrarClient client = c.client()) {
            TestClock clock = c.clock;
            Reply granted = client.claim(alice.claim("12345678", clock.epochMillis(), D));
            assertEquals(Outcome.GRANTED, granted.outcome);
            RegistrarRecord rec = granted.registrarRecord();
            assertTrue(rec.verify(c.server(0).publicKey()));
            assertTrue(rec.isOwnedBy(alice.publicKey(), clock.epochMillis() / 1000));

            assertEquals(Outcome.TAKEN, client.claim(bob.claim("12345678", clock.epochMillis(), D)).outcome);
            assertEquals(Outcome.OWNED, client.lookup("12345678").outcome);
            assertEquals(Outcome.FREE, client.lookup("12345679").outcome);
            assertEquals(Outcome.RESERVED, client.lookup("01234567").outcome);

            assertEquals(Outcome.OK, client.release(alice.release("12345678", clock.epochMillis())).outcome);
            clock.advanceDays(29);
            Reply refused = client.claim(bob.claim("12345678", clock.epochMillis(), D));
            assertEquals(Outcome.QUARANTINED, refused.outcome);
            assertEquals(RegistrarRecord.QUARANTINE, refused.registrarRecord().state);
            assertEquals(Outcome.QUARANTINED, client.lookup("12345678").outcome);

            clock.advanceDays(1);
            assertEquals(Outcome.FREE, client.lookup("12345678").outcome);
            assertEquals(Outcome.GRANTED, client.claim(bob.claim("12345678", clock.epochMillis(), D)).outcome);
            assertArrayEquals(bob.publicKey(), client.lookup("12345678").registrarRecord().ownerKey());
        }
    }

    @Test
    void badInputGetsAnExactErrorAndStoresNothing() throws Exception {
        Phone alice = new Phone();
        try (Cluster c = Cluster.start(dir, 1); RegistrarClient client = c.client()) {
            long now = c.clock.epochMillis();
            byte[] good = alice.claim("12345678", now, D);
            byte[] forged = good.clone();
            forged[forged.length - 5] ^= 0x40;
            assertReply(Outcome.BAD_SIGNATURE, "CLAIM signature does not verify", client.claim(forged));
            assertReply(Outcome.TOO_LITTLE_WORK, "CLAIM difficulty 4, network asks 8",
                    client.claim(alice.claim("12345678", now, 4)));
            assertReply(Outcome.MALFORMED, "CLAIM truncated at public key",
                    client.claim(java.util.Arrays.copyOf(good, 20)));
            assertReply(Outcome.TOO_LARGE, "", client.claim(new byte[4000]));
            assertReply(Outcome.TOO_LARGE, "request over 1024 bytes", client.raw(new byte[5000]));
            assertReply(Outcome.MALFORMED, "empty request", client.raw(new byte[0]));
            assertReply(Outcome.STALE, "CLAIM time 1799999000 is 1000 s behind the registrar, window 600 s",
                    client.claim(alice.claim("12345678", now - 1_000_000, D)));
            assertEquals(Outcome.FREE, client.lookup("12345678").outcome);

            assertEquals(Outcome.GRANTED, client.claim(good).outcome);
            assertReply(Outcome.REPLAYED, "CLAIM with this key and nonce was applied before", client.claim(good));
            assertEquals(Outcome.OK, client.release(alice.release("12345678", now)).outcome);
            Reply replayed = client.claim(good);
            assertReply(Outcome.REPLAYED, "CLAIM with this key and nonce was applied before", replayed);
            assertEquals(0, replayed.record().length);
            assertEquals(Outcome.QUARANTINED, client.lookup("12345678").outcome);
        }
    }

    @Test
    void restartFromStorageRestoresState() throws Exception {
        Phone alice = new Phone();
        Phone bob = new Phone();
        byte[] key;
        try (Cluster c = Cluster.start(dir, 1)) {
            key = c.server(0).publicKey();
            try (RegistrarClient client = c.client()) {
                assertEquals(Outcome.GRANTED, client.claim(alice.claim("12345678", c.clock.epochMillis(), D)).outcome);
                assertEquals(Outcome.OK, client.setBlockList(alice.blockList("12345678", 3, "55555555")).outcome);
                assertEquals(Outcome.GRANTED, client.claim(bob.claim("23456789", c.clock.epochMillis(), D)).outcome);
                assertEquals(Outcome.OK, client.release(bob.release("23456789", c.clock.epochMillis())).outcome);
            }
            c.stop(0);
            assertTrue(Files.isDirectory(dir.resolve("r0/raft")));
            c.start(0);
            try (RegistrarClient client = c.client()) {
                assertArrayEquals(key, c.server(0).publicKey());
                Reply owned = client.lookup("12345678");
                assertEquals(Outcome.OWNED, owned.outcome);
                assertTrue(owned.registrarRecord().verify(key));
                assertEquals(Outcome.QUARANTINED, client.lookup("23456789").outcome);
                assertEquals(Outcome.OK, client.blockList("12345678").outcome);
                assertEquals(Outcome.TAKEN, client.claim(bob.claim("12345678", c.clock.epochMillis(), D)).outcome);
            }
        }
    }

    @Test
    void relaysCacheOnlyVerifiedRecords() throws Exception {
        Phone alice = new Phone();
        try (Cluster c = Cluster.start(dir, 1); RegistrarClient client = c.client()) {
            Reply granted = client.claim(alice.claim("12345678", c.clock.epochMillis(), D));
            RecordCache cache = new RecordCache(List.of(c.server(0).publicKey()), 2, 3600, c.clock);
            assertEquals(RecordCache.Verdict.CACHED, cache.offer(granted.record()));
            assertArrayEquals(alice.publicKey(), cache.get("12345678").ownerKey());

            RecordCache stranger = new RecordCache(List.of(new Phone().publicKey()), 2, 3600, c.clock);
            assertEquals(RecordCache.Verdict.UNTRUSTED, stranger.offer(granted.record()));
            byte[] tampered = granted.record();
            tampered[10] ^= 1;
            assertEquals(RecordCache.Verdict.UNTRUSTED, cache.offer(tampered));
            assertEquals(RecordCache.Verdict.MALFORMED, cache.offer(new byte[] {6, 1}));
            assertEquals(3, cache.rejected() + stranger.rejected());

            c.clock.advanceMillis(2000);
            assertEquals(Outcome.OK, client.release(alice.release("12345678", c.clock.epochMillis())).outcome);
            Reply quarantined = client.lookup("12345678");
            assertEquals(RecordCache.Verdict.CACHED, cache.offer(quarantined.record()));
            assertEquals(RecordCache.Verdict.OLDER_THAN_CACHED, cache.offer(granted.record()));
            assertEquals(RegistrarRecord.QUARANTINE, cache.get("12345678").state);

            c.clock.advanceMillis(3601_000);
            assertNull(cache.get("12345678"));
        }
    }

    private static void assertReply(Outcome outcome, String detail, Reply reply) {
        assertEquals(outcome, reply.outcome, reply.toString());
        assertEquals(detail, reply.detail);
    }
}
