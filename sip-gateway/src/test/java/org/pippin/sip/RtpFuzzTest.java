package org.pippin.sip;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * RTP packet parsing on arbitrary datagrams. A packet is refused (-1) or its payload lies inside it, after the fixed
 * header and the CSRCs it counts, and ends at or before the packet's end; the answer depends only on the packet's own
 * bytes, never on what lies around it in the receive buffer.
 */
class RtpFuzzTest {

    @FuzzTest(maxDuration = "10s")
    void packets(byte[] packet) {
        int len = packet.length;
        int at = Rtp.payloadOffset(packet, 0, len);
        if (at < 0) {
            assertEquals(-1, at);
        } else {
            int end = Rtp.payloadEnd(packet, 0, len);
            assertTrue(at >= Rtp.HEADER + 4 * (packet[0] & 0x0F), "payload at " + at + " inside the CSRCs");
            assertTrue(at <= end && end <= len, "payload " + at + ".." + end + " outside a packet of " + len);
            assertEquals(2, (packet[0] & 0xFF) >> 6);
            assertTrue(Rtp.payloadType(packet, 0) < 128);
            assertTrue(Rtp.timestamp(packet, 0) >= 0 && Rtp.timestamp(packet, 0) <= 0xFFFF_FFFFL);
        }
        // The same packet in the middle of a bigger buffer full of other bytes.
        byte[] big = new byte[len + 40];
        java.util.Arrays.fill(big, (byte) 0xB5);
        System.arraycopy(packet, 0, big, 20, len);
        assertEquals(at, Rtp.payloadOffset(big, 20, len));
        if (at >= 0) {
            assertEquals(Rtp.payloadEnd(packet, 0, len), Rtp.payloadEnd(big, 20, len));
        }
    }
}
