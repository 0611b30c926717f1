package org.pippin.relay.geo;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.SplittableRandom;

/**
 * Lookup cost, run on demand (not a test): the country check as the relay runs it (KW lists built in, loopback and
 * private allowed) against its rival, a linear scan over the same CIDR blocks, on a fixed mix of random public
 * addresses (mostly outside KW, the worst case for a scan) and addresses inside KW.
 *
 * <pre>
 * mvn -B -q -pl relay-node -am test-compile -DskipTests
 * java -cp relay-node/target/test-classes:relay-node/target/classes:protocol/target/classes \
 *     org.pippin.relay.geo.GeoLookupDriver
 * </pre>
 */
public final class GeoLookupDriver {

    private static final int ADDRESSES = 1 << 16;
    private static final int ROUNDS = 5;
    private static volatile int sink;

    private GeoLookupDriver() {
    }

    public static void main(String[] args) throws Exception {
        Properties p = new Properties();
        p.setProperty("network.countries", "KW");
        p.setProperty("geo.allow.loopback", "true");
        p.setProperty("geo.allow.private", "true");
        CountryFilter filter = CountryFilter.load(GeoConfig.from(p));
        LinearList scan = LinearList.kuwait();
        System.out.println("table: " + filter + "; linear list: " + scan.size() + " IPv4 blocks");

        SplittableRandom random = new SplittableRandom(965);
        InetAddress[] mixed = new InetAddress[ADDRESSES];
        int[] raw = new int[ADDRESSES];
        for (int i = 0; i < ADDRESSES; i++) {
            // One in four inside KW's first block (31.203.0.0/16), the rest anywhere.
            int a = i % 4 == 0 ? 0x1FCB0000 | random.nextInt(1 << 16) : random.nextInt();
            raw[i] = a;
            mixed[i] = InetAddress.getByAddress(new byte[] {(byte) (a >>> 24), (byte) (a >>> 16), (byte) (a >>> 8),
                (byte) a});
        }
        InetAddress[] mixedV6 = new InetAddress[ADDRESSES];
        for (int i = 0; i < ADDRESSES; i++) {
            byte[] a = new byte[16];
            random.nextBytes(a);
            if (i % 4 == 0) {
                // Inside 2a00:1850::/29 (a KW block), the rest anywhere.
                a[0] = 0x2a;
                a[1] = 0x00;
                a[2] = 0x18;
                a[3] = (byte) (0x50 | (a[3] & 0x07));
            }
            mixedV6[i] = InetAddress.getByAddress(a);
        }
        for (int i = 0; i < ADDRESSES; i++) {
            if (filter.ranges().containsV4(raw[i]) != scan.contains(raw[i])
                    && !isLoopbackOrPrivate(mixed[i])) {
                throw new AssertionError("table and scan disagree on " + mixed[i]);
            }
        }
        for (int round = 1; round <= ROUNDS; round++) {
            double table = time(() -> {
                int hits = 0;
                for (InetAddress a : mixed) {
                    hits += filter.allows(a) ? 1 : 0;
                }
                return hits;
            });
            double tableInt = time(() -> {
                int hits = 0;
                for (int a : raw) {
                    hits += filter.ranges().containsV4(a) ? 1 : 0;
                }
                return hits;
            });
            double linear = time(() -> {
                int hits = 0;
                for (int a : raw) {
                    hits += scan.contains(a) ? 1 : 0;
                }
                return hits;
            });
            double v6 = time(() -> {
                int hits = 0;
                for (InetAddress a : mixedV6) {
                    hits += filter.allows(a) ? 1 : 0;
                }
                return hits;
            });
            System.out.printf("round %d: range table %.1f ns/lookup (InetAddress, as the relay calls it), "
                    + "%.1f ns/lookup (int); linear scan %.1f ns/lookup; IPv6 (binary search) %.1f ns/lookup%n",
                    round, table, tableInt, linear, v6);
        }
    }

    private static boolean isLoopbackOrPrivate(InetAddress a) {
        return a.isLoopbackAddress() || a.isSiteLocalAddress() || a.isLinkLocalAddress()
                || (a.getAddress()[0] & 0xFF) == 100 && (a.getAddress()[1] & 0xC0) == 64;
    }

    /** ns per address for one pass over all of them, after the JIT has seen the loop. */
    private static double time(java.util.function.IntSupplier pass) {
        for (int i = 0; i < 20; i++) {
            sink += pass.getAsInt();
        }
        int passes = 50;
        long start = System.nanoTime();
        for (int i = 0; i < passes; i++) {
            sink += pass.getAsInt();
        }
        return (System.nanoTime() - start) / (double) passes / ADDRESSES;
    }

    /** The rival: every CIDR block as (network, mask), checked one after the other. */
    private static final class LinearList {
        private final int[] networks;
        private final int[] masks;

        private LinearList(int[] networks, int[] masks) {
            this.networks = networks;
            this.masks = masks;
        }

        static LinearList kuwait() throws Exception {
            List<int[]> blocks = new ArrayList<>();
            try (var in = new java.io.BufferedReader(new java.io.InputStreamReader(
                    GeoLookupDriver.class.getResourceAsStream("/geo/kw-ipv4.cidr"),
                    java.nio.charset.StandardCharsets.US_ASCII))) {
                for (String line; (line = in.readLine()) != null; ) {
                    line = line.trim();
                    if (line.isEmpty() || line.startsWith("#")) {
                        continue;
                    }
                    String[] parts = line.split("/");
                    byte[] b = InetAddress.getByName(parts[0]).getAddress();
                    int net = (b[0] & 0xFF) << 24 | (b[1] & 0xFF) << 16 | (b[2] & 0xFF) << 8 | (b[3] & 0xFF);
                    int len = Integer.parseInt(parts[1]);
                    blocks.add(new int[] {net, len == 0 ? 0 : -1 << (32 - len)});
                }
            }
            int[] n = new int[blocks.size()];
            int[] m = new int[blocks.size()];
            for (int i = 0; i < n.length; i++) {
                n[i] = blocks.get(i)[0];
                m[i] = blocks.get(i)[1];
            }
            return new LinearList(n, m);
        }

        boolean contains(int address) {
            for (int i = 0; i < networks.length; i++) {
                if ((address & masks[i]) == networks[i]) {
                    return true;
                }
            }
            return false;
        }

        int size() {
            return networks.length;
        }
    }
}
