package org.pippin.relay;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.pippin.codec.GsmCodec;
import org.pippin.codec.Wav;
import org.pippin.protocol.VoicePacket;

/** Test tones: made as GSM voice payloads, measured with the Goertzel algorithm in what arrived. */
final class Tones {

    private Tones() {
    }

    /** {@code packets} payloads of 5 GSM frames (100 ms) of a sine of {@code hz} at half scale. */
    static byte[][] gsmTone(double hz, int packets) {
        GsmCodec gsm = new GsmCodec();
        short[] pcm = new short[160];
        byte[][] out = new byte[packets][5 * GsmCodec.FRAME_BYTES];
        int n = 0;
        for (int p = 0; p < packets; p++) {
            for (int f = 0; f < 5; f++) {
                for (int i = 0; i < 160; i++, n++) {
                    pcm[i] = (short) (16000 * Math.sin(2 * Math.PI * hz * n / 8000));
                }
                gsm.encode(pcm, 0, out[p], f * GsmCodec.FRAME_BYTES);
            }
        }
        return out;
    }

    /** PCM of GSM voice packets (header included) as they arrived, in order. */
    static short[] decodeGsm(Iterable<byte[]> packets, int count) {
        GsmCodec gsm = new GsmCodec();
        short[] pcm = new short[count * 5 * 160];
        int at = 0;
        for (byte[] p : packets) {
            for (int off = VoicePacket.HEADER; off + GsmCodec.FRAME_BYTES <= p.length && at < pcm.length;
                    off += GsmCodec.FRAME_BYTES, at += 160) {
                gsm.decode(p, off, pcm, at);
            }
        }
        return pcm;
    }

    /** The 16-bit samples of an 8000 Hz mono WAV file. */
    static short[] readWav(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            Wav.readHeader(in);
            byte[] rest = in.readAllBytes();
            short[] pcm = new short[rest.length / 2];
            Wav.toSamples(rest, 0, pcm, 0, pcm.length);
            return pcm;
        }
    }

    /** Power of {@code hz} in {@code pcm[from..to)} (Goertzel). */
    static double power(short[] pcm, int from, int to, double hz) {
        double k = 2 * Math.cos(2 * Math.PI * hz / 8000);
        double s1 = 0;
        double s2 = 0;
        for (int i = from; i < to; i++) {
            double s0 = pcm[i] + k * s1 - s2;
            s2 = s1;
            s1 = s0;
        }
        return s1 * s1 + s2 * s2 - k * s1 * s2;
    }

    /** dB by which {@code hz} stands above {@code other} in {@code pcm[from..to)}. */
    static double marginDb(short[] pcm, int from, int to, double hz, double other) {
        return 10 * Math.log10((power(pcm, from, to, hz) + 1) / (power(pcm, from, to, other) + 1));
    }

    /** RMS level of {@code pcm[from..to)} in dB relative to full scale. */
    static double levelDbfs(short[] pcm, int from, int to) {
        double sum = 0;
        for (int i = from; i < to; i++) {
            sum += (double) pcm[i] * pcm[i];
        }
        return 10 * Math.log10(sum / Math.max(1, to - from) / (32768.0 * 32768.0) + 1e-12);
    }
}
