package org.pippin.relay.geo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.StringReader;
import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

class AddressRangesTest {

    private static AddressRanges of(String... cidrs) throws IOException {
        AddressRanges.Builder b = new AddressRanges.Builder();
        CidrFile.read(new StringReader(String.join("\n", cidrs)), "test", b);
        return b.build();
    }

    private static boolean in(AddressRanges r, String address) throws IOException {
        return r.contains(InetAddress.getByName(address));
    }

    @Test
    void edgesOfAnIpv4Block() throws Exception {
        AddressRanges r = of("31.203.0.0/16");
        assertFalse(in(r, "31.202.255.255"));
        assertTrue(in(r, "31.203.0.0"));
        assertTrue(in(r, "31.203.128.7"));
        assertTrue(in(r, "31.203.255.255"));
        assertFalse(in(r, "31.204.0.0"));
        assertFalse(in(r, "::1f:cb00:1"), "an IPv6 address with the same low bits is another address");
    }

    @Test
    void slash32AndSlash128AreOneAddress() throws Exception {
        AddressRanges r = of("127.0.0.2/32", "2a00:1850::5/128");
        assertTrue(in(r, "127.0.0.2"));
        assertFalse(in(r, "127.0.0.1"));
        assertFalse(in(r, "127.0.0.3"));
        assertTrue(in(r, "2a00:1850::5"));
        assertFalse(in(r, "2a00:1850::4"));
        assertFalse(in(r, "2a00:1850::6"));
    }

    @Test
    void slash0CoversItsFamilyOnly() throws Exception {
        AddressRanges v4 = of("0.0.0.0/0");
        assertTrue(in(v4, "0.0.0.0"));
        assertTrue(in(v4, "255.255.255.255"));
        assertFalse(in(v4, "2001:db8::1"));
        AddressRanges v6 = of("::/0");
        assertTrue(in(v6, "::"));
        assertTrue(in(v6, "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff"));
        assertFalse(in(v6, "10.0.0.1"));
        assertEquals(List.of("0.0.0.0-255.255.255.255"), v4.describe());
    }

    @Test
    void ipv6EdgesAcrossTheMiddleOf128Bits() throws Exception {
        AddressRanges r = of("2a00:1850::/29", "2001:db8:0:0:8000::/65");
        assertFalse(in(r, "2a00:184f:ffff:ffff:ffff:ffff:ffff:ffff"));
        assertTrue(in(r, "2a00:1850::"));
        assertTrue(in(r, "2a00:1857:ffff:ffff:ffff:ffff:ffff:ffff"));
        assertFalse(in(r, "2a00:1858::"));
        assertFalse(in(r, "2001:db8::7fff:ffff:ffff:ffff"));
        assertTrue(in(r, "2001:db8::8000:0:0:0"));
        assertTrue(in(r, "2001:db8::ffff:ffff:ffff:ffff"));
        assertFalse(in(r, "2001:db8:0:1::"));
    }

    @Test
    void overlappingAndAdjacentBlocksAreMerged() throws Exception {
        AddressRanges r = of("10.0.1.0/24", "10.0.0.0/24", "10.0.0.128/25", "10.0.3.0/24", "10.0.0.0/16",
                "192.168.0.0/24", "192.168.1.0/24", "192.168.3.0/24",
                "2001:db8::/33", "2001:db8:8000::/33", "255.255.255.255/32", "255.255.255.254/32");
        assertEquals(List.of("10.0.0.0-10.0.255.255", "192.168.0.0-192.168.1.255", "192.168.3.0-192.168.3.255",
                "255.255.255.254-255.255.255.255", "2001:db8:0:0:0:0:0:0-2001:db8:ffff:ffff:ffff:ffff:ffff:ffff"),
                r.describe());
        assertEquals(4, r.v4Ranges());
        assertEquals(1, r.v6Ranges());
        assertFalse(in(r, "192.168.2.0"), "the gap between merged neighbours stays out");
    }

    @Test
    void ipv4MappedIpv6IsLookedUpAsIpv4() throws Exception {
        AddressRanges r = of("31.203.0.0/16");
        byte[] mapped = new byte[16];
        mapped[10] = (byte) 0xFF;
        mapped[11] = (byte) 0xFF;
        mapped[12] = 31;
        mapped[13] = (byte) 203;
        mapped[14] = 9;
        mapped[15] = 9;
        // java.net turns ::ffff:a.b.c.d into an Inet4Address itself; the table also handles the raw 16 bytes.
        assertTrue(r.contains(java.net.Inet6Address.getByAddress(null, mapped, -1)));
        assertTrue(in(r, "::ffff:31.203.9.9"));
        assertFalse(in(r, "::ffff:31.204.9.9"));
        assertTrue(of("::ffff:31.203.0.0/112").contains(InetAddress.getByName("31.203.1.1")));
    }

    @Test
    void blocksSpanningAndSharingSixteenBitBuckets() throws Exception {
        AddressRanges r = of("10.0.0.0/8", "12.1.0.7/32", "12.1.0.9/32", "12.1.255.0/24", "12.2.0.0/24");
        assertFalse(in(r, "9.255.255.255"));
        assertTrue(in(r, "10.0.0.0"));
        assertTrue(in(r, "10.200.1.1"));
        assertTrue(in(r, "10.255.255.255"));
        assertFalse(in(r, "11.0.0.0"));
        assertFalse(in(r, "12.1.0.6"));
        assertTrue(in(r, "12.1.0.7"));
        assertFalse(in(r, "12.1.0.8"));
        assertTrue(in(r, "12.1.0.9"));
        assertFalse(in(r, "12.1.0.10"));
        assertTrue(in(r, "12.1.255.255"));
        assertTrue(in(r, "12.2.0.0"), "merged across the /16 boundary");
        assertFalse(in(r, "12.2.1.0"));
        assertFalse(in(r, "255.255.255.255"));
        assertEquals(4, r.v4Ranges());
    }

    /** The indexed search agrees with checking every block, for random blocks and addresses near their edges. */
    @Test
    void agreesWithAScanOfTheBlocks() throws Exception {
        java.util.SplittableRandom random = new java.util.SplittableRandom(42);
        for (int trial = 0; trial < 20; trial++) {
            int n = 1 + random.nextInt(300);
            int[] nets = new int[n];
            int[] masks = new int[n];
            AddressRanges.Builder b = new AddressRanges.Builder();
            for (int i = 0; i < n; i++) {
                int len = 8 + random.nextInt(25);
                masks[i] = -1 << (32 - len);
                // Clustered in a few /8s so blocks overlap, touch and share /16s.
                nets[i] = ((random.nextInt(4) + 30) << 24 | random.nextInt(1 << 24)) & masks[i];
                b.add(InetAddress.getByAddress(bytes(nets[i])), len);
            }
            AddressRanges r = b.build();
            for (int k = 0; k < 20_000; k++) {
                int i = random.nextInt(n);
                int a = switch (random.nextInt(4)) {
                    case 0 -> nets[i] - 1;
                    case 1 -> nets[i] | ~masks[i];
                    case 2 -> (nets[i] | ~masks[i]) + 1;
                    default -> random.nextInt();
                };
                boolean expected = false;
                for (int j = 0; j < n && !expected; j++) {
                    expected = (a & masks[j]) == nets[j];
                }
                assertEquals(expected, r.containsV4(a), () -> "address " + Integer.toUnsignedString(a));
                assertEquals(expected, r.contains(InetAddress.getByAddress(bytes(a))));
            }
        }
    }

    private static byte[] bytes(int a) {
        return new byte[] {(byte) (a >>> 24), (byte) (a >>> 16), (byte) (a >>> 8), (byte) a};
    }

    @Test
    void emptyTableHoldsNothing() throws Exception {
        assertFalse(in(AddressRanges.EMPTY, "0.0.0.0"));
        assertFalse(in(AddressRanges.EMPTY, "::"));
    }

    @Test
    void commentsAndBlankLinesAreSkipped() throws Exception {
        AddressRanges.Builder b = new AddressRanges.Builder();
        int n = CidrFile.read(new StringReader("# Kuwait\n\n  31.203.0.0/16  # Zain\n\t\n2a00:1850::/29\n"), "t", b);
        assertEquals(2, n);
        assertEquals(2, b.build().describe().size());
    }

    @Test
    void badLinesNameFileAndLine() {
        assertError("kw.cidr:2: '31.203.0.0': not address/prefix-length", "# ok\n31.203.0.0\n");
        assertError("kw.cidr:1: '31.203.0.0/33': prefix length 33 is outside 0..32", "31.203.0.0/33");
        assertError("kw.cidr:1: '2a00::/129': prefix length 129 is outside 0..128", "2a00::/129");
        assertError("kw.cidr:1: '31.203.0.1/16': bits after the /16 prefix are set in 31.203.0.1", "31.203.0.1/16");
        assertError("kw.cidr:1: '31.203.0/16': not an IPv4 address", "31.203.0/16");
        assertError("kw.cidr:1: '31.203.0.256/32': not an IPv4 address", "31.203.0.256/32");
        assertError("kw.cidr:1: 'example.com/16': not an IPv4 address", "example.com/16");
        assertError("kw.cidr:1: '2a00:zz::/32': not an IPv6 address", "2a00:zz::/32");
        assertError("kw.cidr:1: '2a00:1::1::/32': not an IPv6 address", "2a00:1::1::/32");
        assertError("kw.cidr:3: '10.0.0.0/-1': prefix length '-1' is not a number", "\n\n10.0.0.0/-1");
        assertError("kw.cidr:1: '::ffff:1.2.3.0/90': an IPv4-mapped block needs a prefix of at least 96",
                "::ffff:1.2.3.0/90");
    }

    /** Found by CidrFileFuzzTest: InetAddress resolves ".:1" as a host name; a CIDR file must never wait for DNS. */
    @Test
    void ipv6TextStartingWithADotIsRefusedWithoutALookup() {
        assertError("kw.cidr:1: '.:1/64': not an IPv6 address", ".:1/64");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> CidrFile.add(".1:2/64", new AddressRanges.Builder()));
        assertNull(e.getCause(), "looked up: " + e.getCause());
    }

    private static void assertError(String expected, String text) {
        CidrFile.FormatException e = assertThrows(CidrFile.FormatException.class,
                () -> CidrFile.read(new StringReader(text), "kw.cidr", new AddressRanges.Builder()));
        assertEquals(expected, e.getMessage());
    }
}
