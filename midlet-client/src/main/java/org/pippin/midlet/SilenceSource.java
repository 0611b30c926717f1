package org.pippin.midlet;

/**
 * Sends silence: for phones that cannot capture audio (no JSR-135 RecordControl), so the call still carries the
 * other direction and keeps the relay's media timer alive.
 */
final class SilenceSource implements AudioSource {

    public int read(short[] pcm, int off, int len) {
        for (int i = off; i < off + len; i++) {
            pcm[i] = 0;
        }
        return len;
    }

    public void close() {
        // Nothing to release.
    }
}
