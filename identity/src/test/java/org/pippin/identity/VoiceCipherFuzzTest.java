package org.pippin.identity;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.Arrays;

/**
 * {@link VoiceCipher#open} on arbitrary packets mixed into a genuine stream: a forged or replayed packet is refused
 * (-1, counted) without touching the buffer, never opens, and never stops a later genuine packet from opening.
 */
class VoiceCipherFuzzTest {
    private static final byte[] ENC = new byte[32];
    private static final byte[] MAC = new byte[32];

    static {
        Arrays.fill(ENC, (byte) 0x11);
        Arrays.fill(MAC, (byte) 0x22);
    }

    @FuzzTest(maxDuration = "10s")
    void open(FuzzedDataProvider in) {
        VoiceCipher sender = new VoiceCipher(ENC, MAC);
        VoiceCipher receiver = new VoiceCipher(ENC, MAC);
        int seq = 1;
        int refused = 0;
        while (in.remainingBytes() > 0) {
            if (in.consumeBoolean()) {
                byte[] forged = in.consumeBytes(in.consumeInt(0, 200));
                byte[] before = forged.clone();
                int n = receiver.open(forged, 0, forged.length);
                if (n < 0) {
                    refused++;
                    assertArrayEquals(before, forged);
                } else {
                    // Genuine packets were all opened already, and the fuzzer cannot know the tag of an unsent one.
                    throw new AssertionError("forged packet of " + forged.length + " bytes opened");
                }
            } else {
                byte[] speech = in.consumeBytes(in.consumeInt(0, 66));
                byte[] packet = new byte[4 + speech.length + VoiceCipher.TAG_SIZE];
                org.pippin.protocol.VoicePacket.writeHeader(packet, 0, 1, seq++);
                System.arraycopy(speech, 0, packet, 4, speech.length);
                int sealed = sender.seal(packet, 0, 4 + speech.length);
                byte[] replay = packet.clone();
                assertEquals(4 + speech.length, receiver.open(packet, 0, sealed));
                assertArrayEquals(speech, Arrays.copyOfRange(packet, 4, 4 + speech.length));
                assertEquals(-1, receiver.open(replay, 0, sealed));
                refused++;
            }
        }
        assertEquals(refused, receiver.failures());
        assertTrue(receiver.failures() >= 0);
    }
}
