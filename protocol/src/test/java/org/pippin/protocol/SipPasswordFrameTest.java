package org.pippin.protocol;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class SipPasswordFrameTest {

    static final String SET = "10 42 00 05  07 55 51 23 4f  01  06 70 69 70 70 69 6e"
        + "  00 01 02 03 04 05 06 07 08 09 0a 0b 0c 0d 0e 0f";
    static final String ASK = "10 42 00 06  03 12 3f  00";
    static final String CLEAR = "10 42 00 07  03 12 3f  02";

    private static byte[] ha1() {
        byte[] b = new byte[16];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) i;
        }
        return b;
    }

    private static SipPassword golden(Frame f, String hex) throws ProtocolException {
        byte[] expected = Hex.bytes(hex);
        assertEquals(Hex.of(expected), Hex.of(FrameCodec.encode(f)));
        SipPassword d = assertInstanceOf(SipPassword.class, FrameCodec.decode(expected, 0, expected.length));
        assertEquals(f.toString(), d.toString());
        return d;
    }

    @Test
    void setCarriesRealmAndHa1() throws Exception {
        SipPassword p = new SipPassword("5551234", SipPassword.SET, "pippin", ha1());
        p.messageId = 5;
        SipPassword d = golden(p, SET);
        assertEquals("5551234", d.number);
        assertEquals(SipPassword.SET, d.op);
        assertEquals("pippin", d.realm);
        assertArrayEquals(ha1(), d.ha1());
        assertEquals("SIP_PASSWORD", Wire.typeName(Wire.SIP_PASSWORD));
        assertEquals("SIP_REALM", Wire.resultName(Wire.RESULT_SIP_REALM));
    }

    @Test
    void askAndClearCarryNoHash() throws Exception {
        SipPassword ask = new SipPassword("123", SipPassword.ASK);
        ask.messageId = 6;
        assertEquals(0, golden(ask, ASK).ha1().length);
        SipPassword clear = new SipPassword("123", SipPassword.CLEAR);
        clear.messageId = 7;
        assertEquals("", golden(clear, CLEAR).realm);
    }

    @Test
    void refusesWhatCannotBeStored() {
        assertThrows(IllegalArgumentException.class, () -> new SipPassword("123", SipPassword.SET, "pippin",
                new byte[15]));
        assertThrows(IllegalArgumentException.class, () -> new SipPassword("123", SipPassword.SET, "a b", ha1()));
        assertThrows(IllegalArgumentException.class, () -> new SipPassword("123", SipPassword.SET, "", ha1()));
        assertThrows(IllegalArgumentException.class, () -> new SipPassword("123", 3));
        assertThrows(IllegalArgumentException.class, () -> new SipPassword("123", SipPassword.CLEAR, "pippin",
                new byte[0]));
    }

    @Test
    void hostileBodiesAreMalformed() {
        String[] bad = {
            "10 42 00 06  03 12 3f  03", // unknown op
            "10 42 00 06  03 12 3f", // no op
            "10 42 00 06  03 12 3f  01  02 70 69  00 01 02", // HA1 short
            "10 42 00 06  03 12 3f  01  00  00 01 02 03 04 05 06 07 08 09 0a 0b 0c 0d 0e 0f", // empty realm
            "10 42 00 06  03 12 3f  01  02 70 20  00 01 02 03 04 05 06 07 08 09 0a 0b 0c 0d 0e 0f", // space
            "10 42 00 06  03 12 3f  01  09 70 69", // realm truncated
        };
        for (String hex : bad) {
            byte[] b = Hex.bytes(hex);
            ProtocolException e = assertThrows(ProtocolException.class, () -> FrameCodec.decode(b, 0, b.length), hex);
            assertEquals(Wire.ERR_MALFORMED, e.code(), hex);
        }
    }
}
