package org.pippin.midlet;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;

import javax.microedition.media.Manager;
import javax.microedition.media.MediaException;
import javax.microedition.media.Player;
import javax.microedition.media.control.RecordControl;

import org.pippin.codec.Wav;

/**
 * Microphone speech through JSR-135 capture. Phones record through RecordControl, which hands out data only on
 * commit(), so speech comes in chunks of {@link #CHUNK_MS} ms: each chunk is committed, parsed as 8 kHz 16-bit
 * mono WAV (or taken as raw PCM if the phone writes no header) and queued; recording restarts at once. The first
 * chunk's worth of packets (and any gap between chunks) goes out as silence.
 *
 * <p>Only loaded after {@link PhoneAudio} found JSR-135 present: on a phone without it, this class (the only one
 * naming RecordControl) is never loaded.
 */
final class CaptureSource implements AudioSource {

    static final int CHUNK_MS = 500;
    private static final int CHUNK_SAMPLES = CHUNK_MS * 8;
    /** Tried in order: explicit 8 kHz PCM first, then whatever the phone records by default. */
    private static final String[] LOCATORS = {
        "capture://audio?encoding=pcm&rate=8000&bits=16&channels=1", "capture://audio?encoding=pcm",
        "capture://audio"};

    private final Log log;
    private final Player player;
    private final RecordControl recorder;
    private final ByteArrayOutputStream recorded = new ByteArrayOutputStream(CHUNK_SAMPLES * 2 + Wav.HEADER_BYTES);
    private final short[] queue = new short[CHUNK_SAMPLES * 2];
    private int queueStart;
    private int queued;
    private int requested;
    private boolean failed;

    CaptureSource(Log log) throws IOException {
        this.log = log;
        Player p = null;
        String why = "no capture locator accepted";
        for (int i = 0; i < LOCATORS.length && p == null; i++) {
            try {
                p = Manager.createPlayer(LOCATORS[i]);
                p.realize();
            } catch (MediaException e) {
                why = LOCATORS[i] + ": " + e.getMessage();
                p = null;
            }
        }
        if (p == null) {
            throw new IOException("cannot capture audio: " + why);
        }
        RecordControl rc = (RecordControl) p.getControl("RecordControl");
        if (rc == null) {
            p.close();
            throw new IOException("capture player has no RecordControl");
        }
        player = p;
        recorder = rc;
        recorder.setRecordStream(recorded);
        recorder.startRecord();
        try {
            player.start();
        } catch (MediaException e) {
            player.close();
            throw new IOException("cannot start capture: " + e.getMessage());
        }
        log.info("audio: capturing through " + recorder.getContentType() + " in " + CHUNK_MS + " ms chunks");
    }

    public int read(short[] pcm, int off, int len) throws IOException {
        requested += len;
        if (!failed && requested >= CHUNK_SAMPLES) {
            requested = 0;
            nextChunk();
        }
        int n = len < queued ? len : queued;
        for (int i = 0; i < n; i++) {
            pcm[off + i] = queue[(queueStart + i) % queue.length];
        }
        queueStart = (queueStart + n) % queue.length;
        queued -= n;
        return n;
    }

    /** Commits what was recorded since the last chunk, queues its samples and records the next chunk. */
    private void nextChunk() {
        try {
            recorder.commit();
            byte[] b = recorded.toByteArray();
            recorded.reset();
            recorder.setRecordStream(recorded);
            recorder.startRecord();
            int off = 0;
            int len = b.length;
            if (len >= 4 && b[0] == 'R' && b[1] == 'I' && b[2] == 'F' && b[3] == 'F') {
                ByteArrayInputStream in = new ByteArrayInputStream(b);
                int data = Wav.readHeader(in);
                off = b.length - in.available();
                len = data == Wav.UNKNOWN_LENGTH || data > b.length - off ? b.length - off : data;
            }
            enqueue(b, off, len);
        } catch (IOException e) {
            // A phone that records another encoding (AMR, 8-bit) cannot feed the codec: send silence.
            failed = true;
            log.info("audio: capture unusable, sending silence: " + e.getMessage());
        }
    }

    private void enqueue(byte[] b, int off, int len) {
        for (int i = off; i + 1 < off + len; i += 2) {
            if (queued == queue.length) {
                // Capture runs ahead of the send clock: drop the oldest sample to bound delay.
                queueStart = (queueStart + 1) % queue.length;
                queued--;
            }
            queue[(queueStart + queued) % queue.length] = (short) ((b[i] & 0xFF) | (b[i + 1] << 8));
            queued++;
        }
    }

    public void close() {
        recorder.stopRecord();
        player.close();
    }
}
