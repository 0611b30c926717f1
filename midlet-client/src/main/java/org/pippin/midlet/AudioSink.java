package org.pippin.midlet;

import java.io.IOException;

/** Where a call's incoming speech goes: 8 kHz 16-bit mono PCM, in media-time order, gaps already filled. */
public interface AudioSink {

    void write(short[] pcm, int off, int len) throws IOException;

    /** Finishes the output (plays the rest, fixes up a file header) and releases it. */
    void close() throws IOException;
}
