package org.pippin.registrar;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RecordCacheTest {

    private static final long T0 = 1_800_000_000_000L;

    @TempDir
    Path dir;

    @Test
    void keepsTheNewestPerNumberAndEvictsTheLeastRecentlyUsed() throws Exception {
        RegistrarKey r1 = RegistrarKey.loadOrCreate(dir.resolve("r1"));
        RegistrarKey r2 = RegistrarKey.loadOrCreate(dir.resolve("r2"));
        TestClock clock = new TestClock(T0);
        RecordCache cache = new RecordCache(List.of(r1.publicKey(), r2.publicKey()), 2, 3600, clock);
        RegistryState.Owner alice = new RegistryState.Owner(new Phone().publicKey(), T0, T0, T0 / 1000);

        // Records from either trusted member are accepted; a newer one from the other member replaces the older.
        assertEquals(RecordCache.Verdict.CACHED, cache.offer(r1.owned("11111111", alice, T0)));
        assertEquals(RecordCache.Verdict.CACHED, cache.offer(r2.owned("11111111", alice, T0 + 5000)));
        assertEquals(RecordCache.Verdict.OLDER_THAN_CACHED, cache.offer(r1.owned("11111111", alice, T0)));
        assertEquals((T0 + 5000) / 1000, cache.get("11111111").issued);

        assertEquals(RecordCache.Verdict.CACHED, cache.offer(r1.owned("22222222", alice, T0)));
        assertNotNull(cache.get("11111111"));
        assertEquals(RecordCache.Verdict.CACHED, cache.offer(r1.owned("33333333", alice, T0)));
        assertEquals(2, cache.size());
        assertEquals(1, cache.evicted());
        assertNull(cache.get("22222222"));
        assertNotNull(cache.get("11111111"));

        // A quarantine record is no answer once the quarantine is over.
        RegistryState.Quarantine q = new RegistryState.Quarantine(alice.publicKey(), T0, T0 + 60_000);
        assertEquals(RecordCache.Verdict.CACHED, cache.offer(r1.quarantine("33333333", q, T0 + 1000)));
        clock.advanceMillis(59_000);
        assertNotNull(cache.get("33333333"));
        clock.advanceMillis(1000);
        assertNull(cache.get("33333333"));
    }
}
