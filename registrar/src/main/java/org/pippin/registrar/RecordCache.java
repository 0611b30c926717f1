package org.pippin.registrar;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.pippin.identity.IdentityException;
import org.pippin.identity.RegistrarRecord;

/**
 * Registrar records as a relay that is not a registrar keeps them: each verified against the registrar keys the
 * relay trusts before it is kept, the newest ({@code issued}) per number wins, entries older than {@code maxAge} are
 * no answer (ask the registrar again), and the least recently used entry goes when the cache is full. Thread-safe.
 */
public final class RecordCache {

    /** Why a record was not cached. */
    public enum Verdict { CACHED, OLDER_THAN_CACHED, UNTRUSTED, MALFORMED }

    private final List<byte[]> trusted;
    private final int capacity;
    private final long maxAgeSeconds;
    private final WallClock clock;
    private final LinkedHashMap<String, RegistrarRecord> records;
    private long rejected;
    private long evicted;

    public RecordCache(Collection<byte[]> trustedRegistrarKeys, int capacity, long maxAgeSeconds, WallClock clock) {
        if (capacity < 1 || maxAgeSeconds < 1) {
            throw new IllegalArgumentException("capacity and max age must be positive");
        }
        this.trusted = new ArrayList<>();
        for (byte[] k : trustedRegistrarKeys) {
            trusted.add(k.clone());
        }
        this.capacity = capacity;
        this.maxAgeSeconds = maxAgeSeconds;
        this.clock = clock;
        this.records = new LinkedHashMap<>(16, 0.75f, true);
    }

    /** Verifies {@code bytes} as a registrar record and keeps it if it is newer than what is cached. */
    public synchronized Verdict offer(byte[] bytes) {
        RegistrarRecord r;
        try {
            r = RegistrarRecord.decode(bytes, 0, bytes.length);
        } catch (IdentityException e) {
            rejected++;
            return Verdict.MALFORMED;
        }
        if (!isTrusted(r)) {
            rejected++;
            return Verdict.UNTRUSTED;
        }
        RegistrarRecord old = records.get(r.number);
        if (old != null && old.issued > r.issued) {
            return Verdict.OLDER_THAN_CACHED;
        }
        records.put(r.number, r);
        if (records.size() > capacity) {
            Map.Entry<String, RegistrarRecord> eldest = records.entrySet().iterator().next();
            records.remove(eldest.getKey());
            evicted++;
        }
        return Verdict.CACHED;
    }

    /** The cached record for {@code number}, or null if none is cached or it is too old to answer with. */
    public synchronized RegistrarRecord get(String number) {
        RegistrarRecord r = records.get(number);
        long now = clock.epochMillis() / 1000;
        if (r == null) {
            return null;
        }
        boolean quarantineOver = r.state == RegistrarRecord.QUARANTINE && r.until <= now;
        if (r.issued + maxAgeSeconds < now || quarantineOver) {
            records.remove(number);
            return null;
        }
        return r;
    }

    public synchronized int size() {
        return records.size();
    }

    /** Records refused as malformed or not signed by a trusted registrar. */
    public synchronized long rejected() {
        return rejected;
    }

    public synchronized long evicted() {
        return evicted;
    }

    private boolean isTrusted(RegistrarRecord r) {
        for (byte[] k : trusted) {
            if (r.verify(k)) {
                return true;
            }
        }
        return false;
    }
}
