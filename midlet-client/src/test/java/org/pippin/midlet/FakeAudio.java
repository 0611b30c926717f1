package org.pippin.midlet;

import java.io.ByteArrayOutputStream;

/** A source of a fixed number of samples (a ramp) and a sink that keeps everything. */
final class FakeAudio implements AudioDevice {

    final int sourceSamples;
    final ByteArrayOutputStream sunk = new ByteArrayOutputStream();
    int sunkSamples;
    boolean sourceClosed;
    boolean sinkClosed;

    FakeAudio(int sourceSamples) {
        this.sourceSamples = sourceSamples;
    }

    @Override
    public AudioSource openSource() {
        return new AudioSource() {
            int pos;

            @Override
            public int read(short[] pcm, int off, int len) {
                if (pos >= sourceSamples) {
                    return -1;
                }
                int n = Math.min(len, sourceSamples - pos);
                for (int i = 0; i < n; i++) {
                    pcm[off + i] = (short) ((pos + i) % 1000);
                }
                pos += n;
                return n;
            }

            @Override
            public void close() {
                sourceClosed = true;
            }
        };
    }

    @Override
    public AudioSink openSink() {
        return new AudioSink() {
            @Override
            public void write(short[] pcm, int off, int len) {
                sunkSamples += len;
            }

            @Override
            public void close() {
                sinkClosed = true;
            }
        };
    }
}
