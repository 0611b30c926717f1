package org.pippin.protocol;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The relay-link frames (PEER_HELLO, PEER_CHALLENGE, PEER_LOGIN) and REDIRECT: golden bytes, round trips, hostile input. */
class PeerFramesTest {

    private static byte[] seq(int first, int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) (first + i);
        }
        return b;
    }

    private static String hexSeq(int first, int n) {
        return Hex.of(seq(first, n));
    }

    private static <F extends Frame> F golden(Frame f, String hex, Class<F> type) throws ProtocolException {
        byte[] expected = Hex.bytes(hex);
        assertEquals(Hex.of(expected), Hex.of(FrameCodec.encode(f)));
        Frame d = FrameCodec.decode(expected, 0, expected.length);
        assertEquals(f.toString(), d.toString());
        return assertInstanceOf(type, d);
    }

    @Test
    void peerHello() throws Exception {
        PeerHello d = golden(new PeerHello(seq(0x40, 32), seq(0, 16)),
            "10 20 00 00 " + hexSeq(0x40, 32) + " " + hexSeq(0, 16), PeerHello.class);
        assertArrayEquals(seq(0x40, 32), d.relayKey());
        assertArrayEquals(seq(0, 16), d.nonce());
        assertEquals("PEER_HELLO key=40 41 42 43 nonce=00 01 02 03", d.toString());
    }

    @Test
    void peerChallenge() throws Exception {
        PeerChallenge d = golden(new PeerChallenge(seq(0x40, 32), seq(0, 16), seq(0x80, 64)),
            "10 21 00 00 " + hexSeq(0x40, 32) + " " + hexSeq(0, 16) + " " + hexSeq(0x80, 64), PeerChallenge.class);
        assertArrayEquals(seq(0x40, 32), d.relayKey());
        assertArrayEquals(seq(0, 16), d.nonce());
        assertArrayEquals(seq(0x80, 64), d.signature());
    }

    @Test
    void peerLogin() throws Exception {
        PeerLogin d = golden(new PeerLogin(seq(0x80, 64)), "10 22 00 00 " + hexSeq(0x80, 64), PeerLogin.class);
        assertArrayEquals(seq(0x80, 64), d.signature());
        assertEquals("PEER_LOGIN sig=80 81 82 83", d.toString());
    }

    @Test
    void redirect() throws Exception {
        Redirect r = new Redirect(0xCAFEBABE, Wire.REJECT_RELAY_FULL, "10.0.0.1:7070");
        r.messageId = 5;
        Redirect d = golden(r, "10 23 00 05  ca fe ba be  07  0d 31 30 2e 30 2e 30 2e 31 3a 37 30 37 30",
            Redirect.class);
        assertEquals(0xCAFEBABE, d.callId);
        assertEquals(Wire.REJECT_RELAY_FULL, d.reason);
        assertEquals("10.0.0.1:7070", d.relay);
        assertTrue(d.isReliable());
        assertEquals("REDIRECT #5 call=cafebabe reason=RELAY_FULL relay=10.0.0.1:7070", d.toString());
    }

    @Test
    void relaysAndRelayList() throws Exception {
        Relays q = golden(new Relays(), "10 24 00 00", Relays.class);
        assertTrue(q.isReliable());
        RelayList d = golden(new RelayList(new String[] {"a:1", "10.0.0.2:7070"}, new long[] {480, 0xFFFFFFFFL}),
            "10 25 00 00  02  03 61 3a 31  00 00 01 e0  0d 31 30 2e 30 2e 30 2e 32 3a 37 30 37 30  ff ff ff ff",
            RelayList.class);
        assertEquals(2, d.size());
        assertEquals("a:1", d.relay(0));
        assertEquals(480, d.spareKbps(0));
        assertEquals("10.0.0.2:7070", d.relay(1));
        assertEquals(0xFFFFFFFFL, d.spareKbps(1));
        assertEquals("RELAY_LIST count=2 a:1/480 10.0.0.2:7070/4294967295", d.toString());
        golden(new RelayList(new String[0], new long[0]), "10 25 00 00  00", RelayList.class);
    }

    @Test
    void hostileRelayLists() {
        byte[] tooMany = Hex.bytes("10 25 00 00  11");
        ProtocolException e = assertThrows(ProtocolException.class,
            () -> FrameCodec.decode(tooMany, 0, tooMany.length));
        assertEquals("RELAY_LIST count: 17, at most 16", e.getMessage());
        byte[] cut = Hex.bytes("10 25 00 00  01  03 61 3a 31  00 00");
        e = assertThrows(ProtocolException.class, () -> FrameCodec.decode(cut, 0, cut.length));
        assertEquals("RELAY_LIST truncated at spare", e.getMessage());
        byte[] space = Hex.bytes("10 25 00 00  01  03 61 20 31  00 00 00 01");
        e = assertThrows(ProtocolException.class, () -> FrameCodec.decode(space, 0, space.length));
        assertEquals("RELAY_LIST relay: relay address must be printable ASCII without spaces", e.getMessage());
        String[] big = new String[5];
        long[] spare = new long[5];
        for (int i = 0; i < big.length; i++) {
            big[i] = "h" + "x".repeat(250) + ":" + i;
        }
        assertThrows(IllegalArgumentException.class, () -> new RelayList(big, spare));
    }

    @Test
    void truncatedFramesNameTheField() {
        byte[] hello = FrameCodec.encode(new PeerHello(seq(0x40, 32), seq(0, 16)));
        ProtocolException e = assertThrows(ProtocolException.class,
            () -> FrameCodec.decode(hello, 0, hello.length - 1));
        assertEquals(Wire.ERR_MALFORMED, e.code());
        assertEquals("PEER_HELLO truncated at nonce", e.getMessage());
        byte[] login = FrameCodec.encode(new PeerLogin(seq(0, 64)));
        e = assertThrows(ProtocolException.class, () -> FrameCodec.decode(login, 0, 10));
        assertEquals("PEER_LOGIN truncated at signature", e.getMessage());
        byte[] redirect = FrameCodec.encode(new Redirect(1, Wire.REJECT_RELAY_FULL, "a:1"));
        e = assertThrows(ProtocolException.class, () -> FrameCodec.decode(redirect, 0, redirect.length - 1));
        assertEquals("REDIRECT truncated at relay", e.getMessage());
    }

    @Test
    void redirectWithUnprintableAddressIsMalformed() {
        byte[] b = FrameCodec.encode(new Redirect(1, Wire.REJECT_RELAY_FULL, "a_b"));
        b[b.length - 2] = ' ';
        ProtocolException e = assertThrows(ProtocolException.class, () -> FrameCodec.decode(b, 0, b.length));
        assertEquals(Wire.ERR_MALFORMED, e.code());
        assertEquals("REDIRECT relay: relay address must be printable ASCII without spaces", e.getMessage());
        b[b.length - 4] = 0;
        e = assertThrows(ProtocolException.class, () -> FrameCodec.decode(b, 0, b.length - 3));
        assertEquals("REDIRECT relay: relay address must be 1..255 characters", e.getMessage());
    }

    @Test
    void wrongSizedFieldsAreRefusedWhenBuilt() {
        assertThrows(IllegalArgumentException.class, () -> new PeerHello(seq(0, 31), seq(0, 16)));
        assertThrows(IllegalArgumentException.class, () -> new PeerChallenge(seq(0, 32), seq(0, 16), seq(0, 63)));
        assertThrows(IllegalArgumentException.class, () -> new Redirect(1, 7, ""));
    }
}
