package org.pippin.sip;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class RtpTest {

    /** Golden bytes: V=2, M=1, PT=0, seq 0x1234, ts 0xDEADBEEF, SSRC 0x01020304. */
    @Test
    void headerIsWrittenAsTheRfcDiagramSays() {
        byte[] b = new byte[Rtp.HEADER];
        Rtp.writeHeader(b, 0, true, 0, 0x1234, 0xDEADBEEFL, 0x01020304);
        assertEquals("80801234deadbeef01020304", java.util.HexFormat.of().formatHex(b));
        assertEquals(0xDEADBEEFL, Rtp.timestamp(b, 0));
    }

    @Test
    void payloadSkipsCsrcsAndExtensionAndStopsBeforePadding() {
        byte[] b = new byte[12 + 8 + 8 + 10 + 3];
        b[0] = (byte) (0x80 | 0x20 | 0x10 | 2); // padding, extension, 2 CSRCs
        b[12 + 8 + 3] = 1; // extension of one 32-bit word
        b[b.length - 1] = 3;
        assertEquals(28, Rtp.payloadOffset(b, 0, b.length));
        assertEquals(b.length - 3, Rtp.payloadEnd(b, 0, b.length));
    }

    @Test
    void malformedPacketsAreRefused() {
        assertEquals(-1, Rtp.payloadOffset(new byte[11], 0, 11), "shorter than a header");
        byte[] v1 = new byte[20];
        v1[0] = 0x40;
        assertEquals(-1, Rtp.payloadOffset(v1, 0, 20), "version 1");
        byte[] csrc = new byte[20];
        csrc[0] = (byte) (0x80 | 15);
        assertEquals(-1, Rtp.payloadOffset(csrc, 0, 20), "15 CSRCs do not fit");
        byte[] ext = new byte[16];
        ext[0] = (byte) 0x90;
        ext[15] = 9;
        assertEquals(-1, Rtp.payloadOffset(ext, 0, 16), "extension longer than the packet");
    }
}
