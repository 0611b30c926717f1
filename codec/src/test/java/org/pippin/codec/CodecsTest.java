package org.pippin.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Test;

class CodecsTest {
    @Test
    void createsEachSupportedCodec() {
        VoiceCodec pcmu = Codecs.create(0);
        assertTrue(pcmu instanceof MuLawCodec);
        assertEquals(0, pcmu.id());
        assertEquals(160, pcmu.frameBytes());
        VoiceCodec gsm = Codecs.create(1);
        assertTrue(gsm instanceof GsmCodec);
        assertEquals(1, gsm.id());
        assertEquals(33, gsm.frameBytes());
        assertEquals(160, gsm.frameSamples());
        // Stateful: one per direction, never shared.
        assertNotSame(gsm, Codecs.create(1));
    }

    @Test
    void rejectsUnknownIds() {
        assertEquals("unsupported codec id 3",
                assertThrows(IllegalArgumentException.class, () -> Codecs.create(3)).getMessage());
        assertThrows(IllegalArgumentException.class, () -> Codecs.create(-1));
    }

    @Test
    void maskHasABitPerSupportedCodec() {
        assertEquals(0b111, Codecs.supportedMask());
        for (int id = 0; id < 8; id++) {
            boolean inMask = (Codecs.supportedMask() & (1 << id)) != 0;
            if (inMask) {
                assertEquals(id, Codecs.create(id).id());
            } else {
                int unsupported = id;
                assertThrows(IllegalArgumentException.class, () -> Codecs.create(unsupported));
            }
        }
    }

    @Test
    void framesAreCodedWithoutAllocating() {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        short[] pcm = Signals.speechLike(50, 12);
        short[] out = new short[160];
        for (int id = 0; id < 2; id++) {
            VoiceCodec encoder = Codecs.create(id);
            VoiceCodec decoder = Codecs.create(id);
            byte[] frame = new byte[encoder.frameBytes()];
            for (int f = 0; f < 50; f++) {
                encoder.encode(pcm, f * 160, frame, 0);
                decoder.decode(frame, 0, out, 0);
            }
            long tid = Thread.currentThread().getId();
            long before = threads.getThreadAllocatedBytes(tid);
            for (int round = 0; round < 20; round++) {
                for (int f = 0; f < 50; f++) {
                    encoder.encode(pcm, f * 160, frame, 0);
                    decoder.decode(frame, 0, out, 0);
                }
            }
            long allocated = threads.getThreadAllocatedBytes(tid) - before;
            // 1000 frames: even one small array per frame would be tens of kilobytes.
            assertTrue(allocated < 4096, "codec " + id + " allocated " + allocated + " bytes in 1000 frames");
        }
    }
}
