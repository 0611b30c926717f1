package org.pippin.relay.geo;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * A set of IPv4 and IPv6 addresses as two sorted tables of disjoint, non-adjacent ranges; a lookup is one binary
 * search (about 8 steps for a country's few hundred ranges), independent of how many CIDR blocks went in.
 * IPv4-mapped IPv6 addresses ({@code ::ffff:a.b.c.d}) are looked up as the IPv4 address they carry. Immutable and
 * thread-safe once built.
 *
 * <p>An address is 128 bits held as two longs (high, low) compared unsigned; IPv4 uses the low 32 bits of the low
 * long in a table of its own, so {@code 0.0.0.0/0} never matches an IPv6 address.
 */
public final class AddressRanges {

    /** The empty set. */
    public static final AddressRanges EMPTY = new Builder().build();

    private final Table v4;
    private final Table v6;
    /**
     * For each /16 of IPv4 (top 16 bits b), the last range starting at or before {@code b.0.0}, or -1; entry 65536
     * is the last range of all. A lookup searches only between the entries of its /16 and the next, which for a
     * country table is at most a range or two: a /16 index cuts the search from ~8 unpredictable steps to ~1.
     */
    private final int[] v4Index;

    private AddressRanges(Table v4, Table v6) {
        this.v4 = v4;
        this.v6 = v6;
        this.v4Index = new int[(1 << 16) + 1];
        int last = -1;
        for (int b = 0; b < 1 << 16; b++) {
            long first = (long) b << 16;
            while (last + 1 < v4.size() && v4.startLo[last + 1] <= first) {
                last++;
            }
            v4Index[b] = last;
        }
        v4Index[1 << 16] = v4.size() - 1;
    }

    /** Whether {@code address} lies in one of the ranges. */
    public boolean contains(InetAddress address) {
        byte[] a = address.getAddress();
        if (a.length == 4) {
            return containsV4(v4Bits(a, 0));
        }
        if (isV4Mapped(a)) {
            return containsV4(v4Bits(a, 12));
        }
        return v6.contains(bits(a, 0), bits(a, 8));
    }

    /** Whether the IPv4 address {@code address} (as a 32-bit int, network order) lies in one of the ranges. */
    public boolean containsV4(int address) {
        long a = address & 0xFFFF_FFFFL;
        int bucket = address >>> 16;
        // Last range starting at or before a: it lies between this /16's entry and the next one's.
        int low = Math.max(v4Index[bucket], 0);
        int high = v4Index[bucket + 1];
        long[] start = v4.startLo;
        while (low < high) {
            int mid = (low + high + 1) >>> 1;
            if (start[mid] <= a) {
                low = mid;
            } else {
                high = mid - 1;
            }
        }
        return high >= 0 && start[low] <= a && a <= v4.endLo[low];
    }

    /** Merged IPv4 ranges. */
    public int v4Ranges() {
        return v4.size();
    }

    /** Merged IPv6 ranges. */
    public int v6Ranges() {
        return v6.size();
    }

    /** Each merged range as {@code first-last}, IPv4 then IPv6; for tests and logs. */
    public List<String> describe() {
        List<String> out = new ArrayList<>();
        v4.describe(out, true);
        v6.describe(out, false);
        return out;
    }

    @Override
    public String toString() {
        return v4.size() + " IPv4 and " + v6.size() + " IPv6 ranges";
    }

    static boolean isV4Mapped(byte[] a) {
        for (int i = 0; i < 10; i++) {
            if (a[i] != 0) {
                return false;
            }
        }
        return a[10] == (byte) 0xFF && a[11] == (byte) 0xFF;
    }

    private static int v4Bits(byte[] a, int off) {
        return (a[off] & 0xFF) << 24 | (a[off + 1] & 0xFF) << 16 | (a[off + 2] & 0xFF) << 8 | (a[off + 3] & 0xFF);
    }

    private static long bits(byte[] a, int off) {
        long v = 0;
        for (int i = 0; i < 8; i++) {
            v = v << 8 | (a[off + i] & 0xFF);
        }
        return v;
    }

    /** Collects CIDR blocks in any order, with any overlap; {@link #build} sorts and merges them. */
    public static final class Builder {
        private final List<long[]> v4 = new ArrayList<>();
        private final List<long[]> v6 = new ArrayList<>();

        /** Adds every address of {@code other}. */
        public Builder addAll(AddressRanges other) {
            other.v4.addTo(v4);
            other.v6.addTo(v6);
            return this;
        }

        /**
         * Adds the block {@code network/prefixLength}.
         *
         * @throws IllegalArgumentException if the prefix length does not fit the address family or bits after the
         *     prefix are set (the text says which)
         */
        public Builder add(InetAddress network, int prefixLength) {
            byte[] a = network.getAddress();
            int bitsInFamily = a.length * 8;
            if (prefixLength < 0 || prefixLength > bitsInFamily) {
                throw new IllegalArgumentException("prefix length " + prefixLength + " is outside 0.." + bitsInFamily);
            }
            long hi = a.length == 4 ? 0 : bits(a, 0);
            long lo = a.length == 4 ? v4Bits(a, 0) & 0xFFFF_FFFFL : bits(a, 8);
            int hostBits = bitsInFamily - prefixLength;
            long hostHi = hostBits <= 64 ? 0 : hostBits >= 128 ? -1L : (1L << (hostBits - 64)) - 1;
            long hostLo = hostBits >= 64 ? -1L : (1L << hostBits) - 1;
            if ((hi & hostHi) != 0 || (lo & hostLo) != 0) {
                throw new IllegalArgumentException("bits after the /" + prefixLength + " prefix are set in "
                        + network.getHostAddress());
            }
            (a.length == 4 ? v4 : v6).add(new long[] {hi, lo, hi | hostHi, lo | hostLo});
            return this;
        }

        public AddressRanges build() {
            return new AddressRanges(Table.merge(v4), Table.merge(v6));
        }
    }

    /** Sorted, disjoint, non-adjacent ranges [start, end] of 128-bit values, as parallel arrays. */
    private static final class Table {
        private final long[] startHi;
        private final long[] startLo;
        private final long[] endHi;
        private final long[] endLo;

        private Table(long[] startHi, long[] startLo, long[] endHi, long[] endLo) {
            this.startHi = startHi;
            this.startLo = startLo;
            this.endHi = endHi;
            this.endLo = endLo;
        }

        static Table merge(List<long[]> ranges) {
            List<long[]> sorted = new ArrayList<>(ranges);
            sorted.sort(Comparator.<long[], long[]>comparing(r -> r, (x, y) -> compare(x[0], x[1], y[0], y[1])));
            List<long[]> merged = new ArrayList<>();
            long[] cur = null;
            for (long[] r : sorted) {
                if (cur != null && !afterGap(r[0], r[1], cur[2], cur[3])) {
                    if (compare(r[2], r[3], cur[2], cur[3]) > 0) {
                        cur[2] = r[2];
                        cur[3] = r[3];
                    }
                } else {
                    cur = r.clone();
                    merged.add(cur);
                }
            }
            int n = merged.size();
            long[] sh = new long[n];
            long[] sl = new long[n];
            long[] eh = new long[n];
            long[] el = new long[n];
            for (int i = 0; i < n; i++) {
                long[] r = merged.get(i);
                sh[i] = r[0];
                sl[i] = r[1];
                eh[i] = r[2];
                el[i] = r[3];
            }
            return new Table(sh, sl, eh, el);
        }

        /** Whether {@code start} lies beyond {@code end + 1}, i.e. the two ranges neither overlap nor touch. */
        private static boolean afterGap(long startHi, long startLo, long endHi, long endLo) {
            if (endHi == -1L && endLo == -1L) {
                return false; // nothing lies beyond the last address
            }
            long nextLo = endLo + 1;
            long nextHi = nextLo == 0 ? endHi + 1 : endHi;
            return compare(startHi, startLo, nextHi, nextLo) > 0;
        }

        private static int compare(long aHi, long aLo, long bHi, long bLo) {
            int c = Long.compareUnsigned(aHi, bHi);
            return c != 0 ? c : Long.compareUnsigned(aLo, bLo);
        }

        boolean contains(long hi, long lo) {
            // The last range starting at or before the address; it holds the address if it ends at or after it.
            int low = 0;
            int high = startHi.length - 1;
            int found = -1;
            while (low <= high) {
                int mid = (low + high) >>> 1;
                if (compare(startHi[mid], startLo[mid], hi, lo) <= 0) {
                    found = mid;
                    low = mid + 1;
                } else {
                    high = mid - 1;
                }
            }
            return found >= 0 && compare(hi, lo, endHi[found], endLo[found]) <= 0;
        }

        int size() {
            return startHi.length;
        }

        void addTo(List<long[]> out) {
            for (int i = 0; i < startHi.length; i++) {
                out.add(new long[] {startHi[i], startLo[i], endHi[i], endLo[i]});
            }
        }

        void describe(List<String> out, boolean v4) {
            for (int i = 0; i < startHi.length; i++) {
                out.add(text(startHi[i], startLo[i], v4) + "-" + text(endHi[i], endLo[i], v4));
            }
        }

        private static String text(long hi, long lo, boolean v4) {
            byte[] a = new byte[v4 ? 4 : 16];
            for (int i = a.length - 1, shift = 0; i >= 0; i--, shift += 8) {
                a[i] = (byte) (shift < 64 ? lo >>> shift : hi >>> (shift - 64));
            }
            try {
                return InetAddress.getByAddress(a).getHostAddress();
            } catch (java.net.UnknownHostException e) {
                throw new IllegalStateException("a 4- or 16-byte address is always valid", e);
            }
        }
    }
}
