package org.pippin.midlet;

import java.io.IOException;
import java.io.OutputStream;

import org.pippin.codec.Wav;

/**
 * Writes received speech as an 8 kHz 16-bit mono PCM WAV. The sizes are unknown until the call ends, so the stream
 * starts with a header whose RIFF and data sizes are 0xFFFFFFFF (the usual "streaming, read to end" marker) and is
 * flushed about once a second: if the MIDlet dies mid-call, the file is still a playable prefix. At the end the
 * target writes the final header with the real sizes.
 */
final class WavSink implements AudioSink {

    /** Where the bytes go and how the header is fixed at the end. */
    interface Target {
        OutputStream stream();

        /** Called after the stream is closed: make the file start with a header for {@code dataBytes} of data. */
        void finish(int dataBytes) throws IOException;
    }

    static final int FLUSH_BYTES = 16000;

    private final Target target;
    private final OutputStream out;
    private final byte[] bytes;
    private int dataBytes;
    private int unflushed;
    private boolean closed;

    /** @param maxSamples the largest {@code len} {@link #write} will be called with */
    WavSink(Target target, int maxSamples) throws IOException {
        this.target = target;
        this.out = target.stream();
        this.bytes = new byte[maxSamples * 2];
        Wav.writeHeader(out, Wav.UNKNOWN_LENGTH);
        out.flush();
    }


    public void write(short[] pcm, int off, int len) throws IOException {
        if (closed) {
            throw new IOException("WAV output already closed");
        }
        for (int i = 0; i < len; i++) {
            short s = pcm[off + i];
            bytes[2 * i] = (byte) s;
            bytes[2 * i + 1] = (byte) (s >> 8);
        }
        out.write(bytes, 0, len * 2);
        dataBytes += len * 2;
        unflushed += len * 2;
        if (unflushed >= FLUSH_BYTES) {
            out.flush();
            unflushed = 0;
        }
    }

    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        try {
            out.flush();
        } finally {
            out.close();
        }
        target.finish(dataBytes);
    }

    int dataBytes() {
        return dataBytes;
    }
}
