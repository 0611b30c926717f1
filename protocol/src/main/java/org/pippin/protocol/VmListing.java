package org.pippin.protocol;

/**
 * VM_LISTING (0x33, relay to phone, reliable): up to {@link #MAX_ENTRIES} messages of {@code owner}, newest first,
 * starting at index {@code first} of {@code total}. Each entry: the message id (stable on every relay that keeps a
 * copy), the caller's number (empty: anonymous), when it was left (seconds since 1970, UTC), its length in seconds
 * and flags (bit 0: new, not yet heard).
 *
 * <pre>
 * +--------+-----------------+--------+--------+--------+--------+--------+
 * | digits | owner (BCD) ... |  total (u16)    |  first (u16)    | count  |  then count entries:
 * +--------+-----------------+--------+--------+--------+--------+--------+
 * +--------+ ... +--------+--------+--------------+--------+ ... +--------+--------+--------+--------+
 * |  message id (8 bytes)  | digits | caller (BCD) |  time (u32)         |duration (u16)s | flags  |
 * +--------+ ... +--------+--------+--------------+--------+ ... +--------+--------+--------+--------+
 * </pre>
 */
public final class VmListing extends Frame {
    /** Most entries in one frame: 32 entries with 20-digit callers still fit in {@link Wire#MAX_FRAME}. */
    public static final int MAX_ENTRIES = 32;
    public static final int FLAG_NEW = 1;
    /**
     * Between relays only: the owner deleted this message (the relay keeps a tombstone until the message would have
     * expired), so every copy elsewhere is deleted too. Caller empty, duration 0.
     */
    public static final int FLAG_DELETED = 2;

    public final String owner;
    public final int total;
    public final int first;
    private final long[] ids;
    private final String[] callers;
    private final long[] times;
    private final int[] durations;
    private final int[] flags;

    /** The arrays are copied; all must have the same length, at most {@link #MAX_ENTRIES}. */
    public VmListing(String owner, int total, int first, long[] ids, String[] callers, long[] times,
            int[] durations, int[] flags) {
        super(Wire.VM_LISTING);
        this.owner = checkNumber(owner);
        this.total = checkU16(total, "total");
        this.first = checkU16(first, "first");
        int n = ids.length;
        checkRange(n, 0, MAX_ENTRIES, "entries");
        if (callers.length != n || times.length != n || durations.length != n || flags.length != n) {
            throw new IllegalArgumentException("entry arrays differ in length");
        }
        this.ids = new long[n];
        this.callers = new String[n];
        this.times = new long[n];
        this.durations = new int[n];
        this.flags = new int[n];
        for (int i = 0; i < n; i++) {
            this.ids[i] = ids[i];
            this.callers[i] = checkNumber(callers[i]);
            if (times[i] < 0 || times[i] > 0xFFFFFFFFL) {
                throw new IllegalArgumentException("time " + times[i] + " not in 0..2^32-1");
            }
            this.times[i] = times[i];
            this.durations[i] = checkU16(durations[i], "duration");
            this.flags[i] = checkU8(flags[i], "flags");
        }
    }

    static Frame read(Reader r) throws ProtocolException {
        String owner = r.number("owner");
        int total = r.u16("total");
        int first = r.u16("first");
        int n = r.u8("count");
        if (n > MAX_ENTRIES) {
            throw new ProtocolException(Wire.ERR_MALFORMED, "VM_LISTING count: " + n + " entries, at most "
                + MAX_ENTRIES);
        }
        long[] ids = new long[n];
        String[] callers = new String[n];
        long[] times = new long[n];
        int[] durations = new int[n];
        int[] flags = new int[n];
        for (int i = 0; i < n; i++) {
            ids[i] = r.u64("message id");
            callers[i] = r.number("caller");
            times[i] = r.u32("time") & 0xFFFFFFFFL;
            durations[i] = r.u16("duration");
            flags[i] = r.u8("flags");
        }
        return new VmListing(owner, total, first, ids, callers, times, durations, flags);
    }

    public int count() {
        return ids.length;
    }

    public long id(int i) {
        return ids[i];
    }

    public String caller(int i) {
        return callers[i];
    }

    /** Seconds since 1970 (UTC). */
    public long time(int i) {
        return times[i];
    }

    /** Length in seconds. */
    public int duration(int i) {
        return durations[i];
    }

    public boolean isNew(int i) {
        return (flags[i] & FLAG_NEW) != 0;
    }

    public boolean isDeleted(int i) {
        return (flags[i] & FLAG_DELETED) != 0;
    }

    int bodyLength() {
        int len = Numbers.encodedLength(owner) + 5;
        for (int i = 0; i < ids.length; i++) {
            len += 8 + Numbers.encodedLength(callers[i]) + 4 + 2 + 1;
        }
        return len;
    }

    void writeBody(Writer w) {
        w.number(owner);
        w.u16(total);
        w.u16(first);
        w.u8(ids.length);
        for (int i = 0; i < ids.length; i++) {
            w.u64(ids[i]);
            w.number(callers[i]);
            w.u32((int) times[i]);
            w.u16(durations[i]);
            w.u8(flags[i]);
        }
    }

    void describe(StringBuffer sb) {
        sb.append(" owner=").append(owner).append(" total=").append(total).append(" first=").append(first)
            .append(" count=").append(ids.length);
    }
}
