package org.pippin.midlet;

import java.io.IOException;
import java.io.InputStream;

import javax.microedition.io.Connection;

import org.pippin.codec.Wav;

/**
 * Speech from an 8 kHz 16-bit mono PCM WAV stream. Pacing in real time is the voice sender's job (one packet per
 * ptime), so reads here return at once with what the stream holds.
 */
final class WavSource implements AudioSource {

    private final InputStream in;
    private final Connection owner;
    private final byte[] bytes;
    /** Data bytes left per the header, or -1 when the header gives no length (read to end of stream). */
    private int remaining;

    /**
     * @param owner the connection {@code in} came from, closed with it; may be null
     * @param maxSamples the largest {@code len} {@link #read} will be called with
     */
    WavSource(InputStream in, Connection owner, int maxSamples) throws IOException {
        this.in = in;
        this.owner = owner;
        this.bytes = new byte[maxSamples * 2];
        this.remaining = Wav.readHeader(in);
    }

    public int read(short[] pcm, int off, int len) throws IOException {
        int want = len * 2;
        if (remaining >= 0 && remaining < want) {
            want = remaining & ~1;
        }
        if (want == 0) {
            return -1;
        }
        int got = 0;
        while (got < want) {
            int n = in.read(bytes, got, want - got);
            if (n < 0) {
                break;
            }
            got += n;
        }
        if (remaining >= 0) {
            remaining -= got;
        }
        int samples = got >> 1;
        if (samples == 0) {
            remaining = 0;
            return -1;
        }
        for (int i = 0; i < samples; i++) {
            pcm[off + i] = (short) ((bytes[2 * i] & 0xFF) | (bytes[2 * i + 1] << 8));
        }
        return samples;
    }

    public void close() throws IOException {
        try {
            in.close();
        } finally {
            if (owner != null) {
                owner.close();
            }
        }
    }
}
