package org.pippin.relay;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import org.pippin.codec.GsmCodec;
import org.pippin.codec.Wav;

/** Test audio for voicemail: GSM-encoded tones as a caller's phone sends them, and a tone check on decoded PCM. */
final class VoicemailAudio {

    static final int FRAMES_PER_PACKET = 5;
    static final int PACKET_BYTES = FRAMES_PER_PACKET * GsmCodec.FRAME_BYTES;

    private VoicemailAudio() {
    }

    /** {@code packets} payloads of 100 ms (5 GSM frames) of a sine at {@code hz} (0 = silence), one encoder. */
    static byte[][] gsmTone(int packets, double hz, int amplitude) {
        GsmCodec enc = new GsmCodec();
        short[] pcm = new short[GsmCodec.FRAME_SAMPLES];
        byte[][] out = new byte[packets][PACKET_BYTES];
        int n = 0;
        for (int p = 0; p < packets; p++) {
            for (int f = 0; f < FRAMES_PER_PACKET; f++) {
                for (int i = 0; i < pcm.length; i++, n++) {
                    pcm[i] = (short) (amplitude * Math.sin(2 * Math.PI * hz * n / Wav.SAMPLE_RATE));
                }
                enc.encode(pcm, 0, out[p], f * GsmCodec.FRAME_BYTES);
            }
        }
        return out;
    }

    /** The samples of a WAV file, checking it is 8 kHz 16-bit mono PCM. */
    static short[] wavSamples(byte[] wav) throws IOException {
        ByteArrayInputStream in = new ByteArrayInputStream(wav);
        int dataBytes = Wav.readHeader(in);
        assertEquals(wav.length - Wav.HEADER_BYTES, dataBytes, "data length in the header");
        short[] pcm = new short[dataBytes / 2];
        Wav.toSamples(wav, Wav.HEADER_BYTES, pcm, 0, pcm.length);
        return pcm;
    }

    /** Power of {@code hz} in {@code pcm[from..to)} (Goertzel), per sample. */
    static double power(short[] pcm, int from, int to, double hz) {
        double k = 2 * Math.cos(2 * Math.PI * hz / Wav.SAMPLE_RATE);
        double s1 = 0;
        double s2 = 0;
        for (int i = from; i < to; i++) {
            double s0 = pcm[i] + k * s1 - s2;
            s2 = s1;
            s1 = s0;
        }
        return (s1 * s1 + s2 * s2 - k * s1 * s2) / (to - from);
    }
}
