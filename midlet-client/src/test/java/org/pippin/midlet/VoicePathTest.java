package org.pippin.midlet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.pippin.codec.Codecs;
import org.pippin.protocol.VoicePacket;
import org.pippin.protocol.Wire;

class VoicePathTest {

    /** A 1 kHz-ish square wave, loud enough to survive any codec. */
    private static AudioSource tone(int samples) {
        return new AudioSource() {
            int pos;

            @Override
            public int read(short[] pcm, int off, int len) {
                if (pos >= samples) {
                    return -1;
                }
                int n = Math.min(len, samples - pos);
                for (int i = 0; i < n; i++) {
                    pcm[off + i] = (short) (((pos + i) / 4) % 2 == 0 ? 8000 : -8000);
                }
                pos += n;
                return n;
            }

            @Override
            public void close() {
            }
        };
    }

    private static final class CollectingSink implements AudioSink {
        final List<Short> samples = new ArrayList<>();

        @Override
        public void write(short[] pcm, int off, int len) {
            for (int i = 0; i < len; i++) {
                samples.add(pcm[off + i]);
            }
        }

        @Override
        public void close() {
        }

        long energy(int from, int to) {
            long e = 0;
            for (int i = from; i < to; i++) {
                e += Math.abs(samples.get(i));
            }
            return e;
        }
    }

    @Test
    void lostPacketBecomesSilenceOfTheSameLength() throws Exception {
        for (int codec : new int[] {Wire.CODEC_GSM, Wire.CODEC_PCMU, Wire.CODEC_SPEEX}) {
            VoiceSender tx = new VoiceSender(Codecs.create(codec), 60, tone(480 * 4), 12, 65534);
            CollectingSink sink = new CollectingSink();
            VoiceReceiver rx = new VoiceReceiver(Codecs.create(codec), 60, sink);
            for (int i = 0; i < 4; i++) {
                int len = tx.next();
                byte[] p = Arrays.copyOf(tx.packet(), len);
                assertEquals(4 + 3 * Wire.codecFrameBytes(codec), len);
                assertEquals(12, VoicePacket.channel(p, 0));
                assertEquals((65534 + i) & 0xFFFF, VoicePacket.sequence(p, 0));
                if (i != 2) {
                    rx.onPacket(p, 0, len);
                }
            }
            assertEquals(4 * 480, sink.samples.size(), Wire.codecName(codec));
            assertEquals(0, sink.energy(960, 1440), "the lost packet's slot is silent");
            // Speex at 5.95 kbit/s models speech, not this 1 kHz square wave: it comes back at about a sixth of its level.
            long minEnergy = codec == Wire.CODEC_SPEEX ? 480 * 1000L : 480 * 2000L;
            assertTrue(sink.energy(1440, 1920) > minEnergy, "speech after the gap: " + sink.energy(1440, 1920));
            assertEquals(1, rx.stats().lost());
            assertEquals(3, rx.stats().received());
            assertEquals(4, tx.sent());
        }
    }

    @Test
    void senderPadsTheEndWithSilenceAndReportsIt() throws Exception {
        VoiceSender tx = new VoiceSender(Codecs.create(Wire.CODEC_PCMU), 20, tone(100), 1, 0);
        int len = tx.next();
        assertTrue(tx.sourceEnded(), "100 of 160 samples, then the end");
        short[] pcm = new short[160];
        Codecs.create(Wire.CODEC_PCMU).decode(tx.packet(), VoicePacket.HEADER, pcm, 0);
        assertTrue(Math.abs(pcm[0]) > 4000);
        for (int i = 100; i < 160; i++) {
            assertTrue(Math.abs(pcm[i]) < 16, "padding is silence at " + i);
        }
        assertEquals(len, tx.next(), "packets go on (silence) after the end");
        assertEquals(2, tx.sent());
    }

    @Test
    void packetOfTheWrongSizeIsCountedNotPlayed() throws Exception {
        CollectingSink sink = new CollectingSink();
        VoiceReceiver rx = new VoiceReceiver(Codecs.create(Wire.CODEC_GSM), 100, sink);
        byte[] p = new byte[4 + 33 * 4];
        VoicePacket.writeHeader(p, 0, 1, 5);
        rx.onPacket(p, 0, p.length);
        assertEquals(1, rx.malformed());
        assertEquals(0, sink.samples.size());
    }
}
