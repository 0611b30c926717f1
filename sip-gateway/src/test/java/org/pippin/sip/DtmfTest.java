package org.pippin.sip;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/** RFC 4733 events for a code: the bytes of one digit by hand, then the order and timing of several. */
class DtmfTest {

    @Test
    void oneDigitIsAMarkedStartAndThreeEndPackets() {
        List<byte[]> p = Dtmf.packets("7", 101, 0xfffe, 0x10, 0x01020304);
        assertEquals(4, p.size());
        HexFormat hex = HexFormat.of();
        assertEquals("80e5fffe0000001001020304" + "070a0190", hex.formatHex(p.get(0)));
        assertEquals("8065ffff0000001001020304" + "078a0320", hex.formatHex(p.get(1)));
        assertEquals("8065000000000010010203040" + "78a0320", hex.formatHex(p.get(2)), "sequence wraps");
    }

    @Test
    void digitsFollowEachOtherInRtpTime() {
        List<byte[]> p = Dtmf.packets("0429", 96, 1, 0xFFFFFF00L, 5);
        assertEquals(16, p.size());
        for (int i = 0; i < 4; i++) {
            byte[] start = p.get(4 * i);
            assertEquals(true, Rtp.marker(start, 0));
            assertEquals(96, Rtp.payloadType(start, 0));
            assertEquals((0xFFFFFF00L + 1600L * i) & 0xFFFFFFFFL, Rtp.timestamp(start, 0));
            assertEquals("0429".charAt(i) - '0', start[Rtp.HEADER]);
        }
        assertThrows(IllegalArgumentException.class, () -> Dtmf.packets("1*", 101, 0, 0, 0));
    }
}
