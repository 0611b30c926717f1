package org.pippin.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * The voice header helpers on arbitrary values: what is written reads back, a bad channel is refused without touching
 * the buffer, the payload is never touched, frame counts are whole and sequence deltas antisymmetric.
 */
class VoicePacketFuzzTest {

    @FuzzTest(maxDuration = "10s")
    void header(FuzzedDataProvider in) {
        int channel = in.consumeInt();
        int seq = in.consumeInt();
        int codec = in.consumeInt(-2, 8);
        int payloadLen = in.consumeInt(-1, 2000);
        byte[] buf = in.consumeRemainingAsBytes();
        if (buf.length < VoicePacket.HEADER) {
            return;
        }
        byte[] before = buf.clone();
        if (channel < 1 || channel > VoicePacket.MAX_CHANNEL) {
            assertThrows(IllegalArgumentException.class, () -> VoicePacket.writeHeader(buf, 0, channel, seq));
            assertEquals(Hex.of(before), Hex.of(buf));
        } else {
            VoicePacket.writeHeader(buf, 0, channel, seq);
            assertTrue(VoicePacket.isVoice(buf, 0));
            assertEquals(channel, VoicePacket.channel(buf, 0));
            assertEquals(seq & 0xFFFF, VoicePacket.sequence(buf, 0));
            for (int i = VoicePacket.HEADER; i < buf.length; i++) {
                assertEquals(before[i], buf[i]);
            }
        }
        int n = VoicePacket.frameCount(payloadLen, codec);
        if (n != -1) {
            assertTrue(n > 0);
            assertEquals(payloadLen, n * Wire.codecFrameBytes(codec));
        }
        int a = seq & 0xFFFF;
        int b = channel & 0xFFFF;
        int d = VoicePacket.seqDelta(a, b);
        assertTrue(d >= -32768 && d <= 32767);
        assertEquals(a, (b + d) & 0xFFFF);
        if (d != -32768) {
            assertEquals(-d, VoicePacket.seqDelta(b, a));
        }
    }
}
