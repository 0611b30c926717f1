package org.pippin.protocol;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** PROBE and PROBE_REPLY: golden bytes, round trips, the size rule, hostile input. */
class ProbeFramesTest {

    private static final byte[] NONCE = {1, 2, 3, 4, 5, 6, 7, 8};

    private static <F extends Frame> F golden(Frame f, String hex, Class<F> type) throws ProtocolException {
        byte[] expected = Hex.bytes(hex);
        assertEquals(Hex.of(expected), Hex.of(FrameCodec.encode(f)));
        Frame d = FrameCodec.decode(expected, 0, expected.length);
        assertEquals(f.toString(), d.toString());
        return assertInstanceOf(type, d);
    }

    @Test
    void paddedProbe() throws Exception {
        Probe d = golden(Probe.padded(NONCE), "10 26 00 00  01 02 03 04 05 06 07 08  00 00 00 00 00 00", Probe.class);
        assertArrayEquals(NONCE, d.nonce());
        assertEquals(6, d.padding);
        assertFalse(d.isReliable());
        assertEquals("PROBE nonce=01 02 03 04 05 06 07 08 padding=6", d.toString());
    }

    @Test
    void probeReply() throws Exception {
        ProbeReply d = golden(new ProbeReply(NONCE, 0xFFFFFFFFL, 0xFFFF),
            "10 27 00 00  01 02 03 04 05 06 07 08  ff ff ff ff  ff ff", ProbeReply.class);
        assertArrayEquals(NONCE, d.nonce());
        assertEquals(0xFFFFFFFFL, d.spareKbps);
        assertEquals(0xFFFF, d.freePhones);
        assertFalse(d.isReliable());
        golden(new ProbeReply(NONCE, 480, 3), "10 27 00 00  01 02 03 04 05 06 07 08  00 00 01 e0  00 03",
            ProbeReply.class);
        assertEquals("PROBE_REPLY nonce=01 02 03 04 05 06 07 08 spare=480kbit/s free=3",
            new ProbeReply(NONCE, 480, 3).toString());
    }

    @Test
    void aPaddedProbeIsAsLargeAsItsReply() {
        assertEquals(ProbeReply.SIZE, FrameCodec.encode(Probe.padded(NONCE)).length);
        assertEquals(ProbeReply.SIZE, FrameCodec.encode(new ProbeReply(NONCE, 1, 1)).length);
        assertEquals(18, ProbeReply.SIZE);
    }

    @Test
    void roundTrips() throws Exception {
        for (int padding : new int[] {0, 1, 6, Wire.MAX_FRAME - Wire.HEADER - Probe.NONCE_SIZE}) {
            byte[] b = FrameCodec.encode(new Probe(NONCE, padding));
            Probe p = (Probe) FrameCodec.decode(b, 0, b.length);
            assertEquals(padding, p.padding);
            assertArrayEquals(NONCE, p.nonce());
        }
        for (long spare : new long[] {0, 1, 0x7FFFFFFFL, 0x80000000L, 0xFFFFFFFFL}) {
            byte[] b = FrameCodec.encode(new ProbeReply(NONCE, spare, 7));
            ProbeReply r = (ProbeReply) FrameCodec.decode(b, 0, b.length);
            assertEquals(spare, r.spareKbps);
            assertEquals(7, r.freePhones);
            assertTrue(r.answers(NONCE));
        }
    }

    @Test
    void replyMatchesOnlyItsNonce() {
        ProbeReply r = new ProbeReply(NONCE, 1, 1);
        assertTrue(r.answers(NONCE.clone()));
        byte[] other = NONCE.clone();
        other[7] ^= 1;
        assertFalse(r.answers(other));
        assertFalse(r.answers(null));
        assertFalse(r.answers(new byte[7]));
    }

    @Test
    void truncatedFramesNameTheField() {
        byte[] probe = Hex.bytes("10 26 00 00  01 02 03 04 05 06 07");
        ProtocolException e = assertThrows(ProtocolException.class, () -> FrameCodec.decode(probe, 0, probe.length));
        assertEquals(Wire.ERR_MALFORMED, e.code());
        assertEquals("PROBE truncated at nonce", e.getMessage());
        byte[] reply = FrameCodec.encode(new ProbeReply(NONCE, 1, 1));
        e = assertThrows(ProtocolException.class, () -> FrameCodec.decode(reply, 0, reply.length - 1));
        assertEquals("PROBE_REPLY truncated at free phones", e.getMessage());
        e = assertThrows(ProtocolException.class, () -> FrameCodec.decode(reply, 0, reply.length - 3));
        assertEquals("PROBE_REPLY truncated at spare", e.getMessage());
    }

    @Test
    void badFieldsAreRefusedWhenBuilt() {
        assertThrows(IllegalArgumentException.class, () -> new Probe(new byte[7], 0));
        assertThrows(IllegalArgumentException.class, () -> new Probe(NONCE, -1));
        assertThrows(IllegalArgumentException.class, () -> new Probe(NONCE, Wire.MAX_FRAME));
        assertThrows(IllegalArgumentException.class, () -> new ProbeReply(NONCE, -1, 0));
        assertThrows(IllegalArgumentException.class, () -> new ProbeReply(NONCE, 0x100000000L, 0));
        assertThrows(IllegalArgumentException.class, () -> new ProbeReply(NONCE, 0, 0x10000));
        assertThrows(IllegalArgumentException.class, () -> new ProbeReply(null, 0, 0));
    }
}
