package org.pippin.midlet;

import java.io.IOException;

/** Where a call's outgoing speech comes from: 8 kHz 16-bit mono PCM. */
public interface AudioSource {

    /**
     * Copies up to {@code len} next samples into {@code pcm} and returns how many; fewer than {@code len} (even 0)
     * when no more are available right now (the caller pads with silence), -1 once the source has ended for good.
     * Never blocks for longer than it takes to read already captured or stored data.
     */
    int read(short[] pcm, int off, int len) throws IOException;

    void close() throws IOException;
}
