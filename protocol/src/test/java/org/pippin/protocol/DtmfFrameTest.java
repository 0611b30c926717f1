package org.pippin.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** DTMF: golden bytes, round trips of every key, the key table, hostile input. */
class DtmfFrameTest {

    @Test
    void golden() throws Exception {
        Dtmf f = new Dtmf(0x0102A0FF, 11, 160);
        f.messageId = 7;
        byte[] expected = Hex.bytes("10 50 00 07  01 02 a0 ff  0b  00 a0");
        assertEquals(Hex.of(expected), Hex.of(FrameCodec.encode(f)));
        Dtmf d = assertInstanceOf(Dtmf.class, FrameCodec.decode(expected, 0, expected.length));
        assertEquals(0x0102A0FF, d.callId);
        assertEquals(11, d.event);
        assertEquals(160, d.duration);
        assertEquals(7, d.messageId);
        assertTrue(d.isReliable());
        assertEquals("DTMF #7 call=0102a0ff key=# duration=160ms", d.toString());
        assertEquals("DTMF", Wire.typeName(Wire.DTMF));
        assertEquals("UNKNOWN(81)", Wire.typeName(0x51));
    }

    @Test
    void everyEventAndDurationRoundTrips() throws Exception {
        for (int event = 0; event <= Dtmf.MAX_EVENT; event++) {
            for (int duration : new int[] {0, 1, 100, 0xFFFF}) {
                byte[] b = FrameCodec.encode(new Dtmf(-1, event, duration));
                Dtmf d = (Dtmf) FrameCodec.decode(b, 0, b.length);
                assertEquals(-1, d.callId);
                assertEquals(event, d.event);
                assertEquals(duration, d.duration);
            }
        }
    }

    @Test
    void keysMapToRfc4733EventCodes() {
        String keys = "0123456789*#ABCD";
        for (int i = 0; i < keys.length(); i++) {
            assertEquals(i, Dtmf.event(keys.charAt(i)));
            assertEquals(keys.charAt(i), Dtmf.key(i));
        }
        assertEquals(12, Dtmf.event('a'));
        assertEquals(15, Dtmf.event('d'));
        assertEquals(-1, Dtmf.event('E'));
        assertEquals(-1, Dtmf.event(' '));
        assertThrows(IllegalArgumentException.class, () -> Dtmf.key(16));
    }

    @Test
    void hostileInput() {
        byte[] badEvent = Hex.bytes("10 50 00 07  01 02 a0 ff  10  00 a0");
        ProtocolException e = assertThrows(ProtocolException.class, () -> FrameCodec.decode(badEvent, 0, badEvent.length));
        assertEquals(Wire.ERR_MALFORMED, e.code());
        assertEquals("DTMF event: 16 exceeds 15", e.getMessage());
        byte[] truncated = Hex.bytes("10 50 00 07  01 02 a0 ff  0b  00");
        e = assertThrows(ProtocolException.class, () -> FrameCodec.decode(truncated, 0, truncated.length));
        assertEquals(Wire.ERR_MALFORMED, e.code());
        assertEquals("DTMF truncated at duration", e.getMessage());
        byte[] noEvent = Hex.bytes("10 50 00 07  01 02 a0 ff");
        e = assertThrows(ProtocolException.class, () -> FrameCodec.decode(noEvent, 0, noEvent.length));
        assertEquals("DTMF truncated at event", e.getMessage());
        assertEquals("event 16 not in 0..15",
            assertThrows(IllegalArgumentException.class, () -> new Dtmf(1, 16, 0)).getMessage());
        assertEquals("event -1 not in 0..15",
            assertThrows(IllegalArgumentException.class, () -> new Dtmf(1, -1, 0)).getMessage());
        assertEquals("duration 65536 not in 0..65535",
            assertThrows(IllegalArgumentException.class, () -> new Dtmf(1, 1, 0x10000)).getMessage());
    }

    @Test
    void trailingBytesAreIgnored() throws Exception {
        byte[] b = Hex.bytes("10 50 00 07  01 02 a0 ff  05  00 64  99 98");
        Dtmf d = (Dtmf) FrameCodec.decode(b, 0, b.length);
        assertEquals(5, d.event);
        assertEquals(100, d.duration);
    }
}
