package org.pippin.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Test;

class VoicePacketTest {

    @Test
    void headerGoldenBytes() {
        byte[] b = new byte[6];
        VoicePacket.writeHeader(b, 1, 5, 0x1234);
        assertEquals("00 80 05 12 34 00", Hex.of(b));
        VoicePacket.writeHeader(b, 1, VoicePacket.MAX_CHANNEL, 0xFFFF);
        assertEquals("00 ff ff ff ff 00", Hex.of(b));
        VoicePacket.writeHeader(b, 1, 0x0100, 65536 + 7);
        assertEquals("00 81 00 00 07 00", Hex.of(b), "sequence taken modulo 65536");
    }

    @Test
    void readsHeader() {
        byte[] b = Hex.bytes("00 00 d2 04 ff fe 01 02");
        assertTrue(VoicePacket.isVoice(b, 2));
        assertFalse(VoicePacket.isVoice(b, 0));
        assertEquals(0x5204, VoicePacket.channel(b, 2));
        assertEquals(0xFFFE, VoicePacket.sequence(b, 2));
    }

    @Test
    void relayRewritesOnlyTheChannel() {
        byte[] b = Hex.bytes("80 05 12 34 aa bb");
        VoicePacket.setChannel(b, 0, 0x7F00);
        assertEquals("ff 00 12 34 aa bb", Hex.of(b));
        VoicePacket.setChannel(b, 0, 1);
        assertEquals("80 01 12 34 aa bb", Hex.of(b));
    }

    @Test
    void channelMustBe1To32767() {
        byte[] b = new byte[4];
        assertEquals("voice channel 0 not in 1..32767",
            assertThrows(IllegalArgumentException.class, () -> VoicePacket.writeHeader(b, 0, 0, 1)).getMessage());
        assertThrows(IllegalArgumentException.class, () -> VoicePacket.setChannel(b, 0, 32768));
        assertThrows(IllegalArgumentException.class, () -> VoicePacket.setChannel(b, 0, -1));
        assertEquals("00 00 00 00", Hex.of(b), "nothing written");
    }

    @Test
    void frameCount() {
        assertEquals(5, VoicePacket.frameCount(165, Wire.CODEC_GSM));
        assertEquals(1, VoicePacket.frameCount(33, Wire.CODEC_GSM));
        assertEquals(-1, VoicePacket.frameCount(164, Wire.CODEC_GSM));
        assertEquals(-1, VoicePacket.frameCount(0, Wire.CODEC_GSM));
        assertEquals(-1, VoicePacket.frameCount(-33, Wire.CODEC_GSM));
        assertEquals(2, VoicePacket.frameCount(320, Wire.CODEC_PCMU));
        assertEquals(-1, VoicePacket.frameCount(165, Wire.CODEC_PCMU));
        assertEquals(-1, VoicePacket.frameCount(33, 2));
        assertEquals(-1, VoicePacket.frameCount(33, -1));
    }

    @Test
    void seqDeltaUsesSerialArithmetic() {
        assertEquals(0, VoicePacket.seqDelta(5, 5));
        assertEquals(1, VoicePacket.seqDelta(6, 5));
        assertEquals(-1, VoicePacket.seqDelta(5, 6));
        assertEquals(2, VoicePacket.seqDelta(1, 65535));
        assertEquals(-2, VoicePacket.seqDelta(65535, 1));
        assertEquals(32767, VoicePacket.seqDelta(32767, 0));
        assertEquals(-32768, VoicePacket.seqDelta(32768, 0));
        assertEquals(-32768, VoicePacket.seqDelta(0, 32768));
        assertEquals(3, VoicePacket.seqDelta(65536 + 3, 0), "a plain counter works too");
    }

    @Test
    void allocatesNothing() {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        byte[] b = new byte[169];
        long sink = 0;
        for (int i = 0; i < 20_000; i++) {
            sink += exercise(b, i);
        }
        long before = threads.getCurrentThreadAllocatedBytes();
        for (int i = 0; i < 1_000_000; i++) {
            sink += exercise(b, i);
        }
        long allocated = threads.getCurrentThreadAllocatedBytes() - before;
        assertTrue(allocated < 10_000, allocated + " bytes allocated for 1e6 packets");
        assertTrue(sink != 42);
    }

    private static long exercise(byte[] b, int i) {
        VoicePacket.writeHeader(b, 0, 1 + (i & 0x3FFF), i);
        VoicePacket.setChannel(b, 0, 2 + (i & 0x3FFF));
        return VoicePacket.channel(b, 0) + VoicePacket.sequence(b, 0) + VoicePacket.frameCount(165, Wire.CODEC_GSM)
            + VoicePacket.seqDelta(i, i - 3) + (VoicePacket.isVoice(b, 0) ? 1 : 0);
    }
}
