package org.pippin.midlet;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;

import javax.microedition.media.Manager;
import javax.microedition.media.MediaException;
import javax.microedition.media.Player;
import javax.microedition.media.PlayerListener;

import org.pippin.codec.Wav;

/**
 * Plays received speech through the MIDP 2.0 audio subset, which can only play whole media: PCM is collected into
 * chunks of {@link #CHUNK_MS} ms, each wrapped as a small WAV and handed to a new Player. Two chunk buffers
 * alternate, so one plays while the next fills. Chunk boundaries may click on some phones; a phone that cannot play
 * at all (MicroEmulator headless has no sound line) is reported once and then just counted.
 */
final class MmapiSink implements AudioSink, PlayerListener {

    static final int CHUNK_MS = 400;
    private static final int CHUNK_SAMPLES = CHUNK_MS * 8;

    private final Log log;
    private final byte[][] chunks = new byte[2][];
    private final Player[] players = new Player[2];
    private int current;
    private int fill;
    private int failures;

    MmapiSink(Log log) throws IOException {
        this.log = log;
        ByteArrayOutputStream h = new ByteArrayOutputStream(Wav.HEADER_BYTES);
        Wav.writeHeader(h, CHUNK_SAMPLES * 2);
        byte[] header = h.toByteArray();
        for (int i = 0; i < chunks.length; i++) {
            chunks[i] = new byte[Wav.HEADER_BYTES + CHUNK_SAMPLES * 2];
            System.arraycopy(header, 0, chunks[i], 0, header.length);
        }
        fill = Wav.HEADER_BYTES;
    }

    public void write(short[] pcm, int off, int len) throws IOException {
        for (int i = 0; i < len; i++) {
            byte[] chunk = chunks[current];
            short s = pcm[off + i];
            chunk[fill++] = (byte) s;
            chunk[fill++] = (byte) (s >> 8);
            if (fill == chunk.length) {
                play();
            }
        }
    }

    private void play() {
        byte[] chunk = chunks[current];
        int slot = current;
        current ^= 1;
        fill = Wav.HEADER_BYTES;
        // The buffer about to be refilled must not still be playing.
        release(current);
        try {
            Player p = Manager.createPlayer(new ByteArrayInputStream(chunk), "audio/x-wav");
            p.addPlayerListener(this);
            players[slot] = p;
            p.start();
        } catch (IOException e) {
            failed(e);
        } catch (MediaException e) {
            failed(e);
        } catch (RuntimeException e) {
            // Some implementations (MicroEmulator without a sound line) throw unchecked exceptions from start().
            failed(e);
        }
    }

    private void failed(Exception e) {
        if (failures++ == 0) {
            log.info("audio: playback failed, received speech is dropped: " + e);
        }
    }

    private synchronized void release(int slot) {
        Player p = players[slot];
        if (p != null) {
            players[slot] = null;
            p.close();
        }
    }

    public void playerUpdate(Player player, String event, Object data) {
        if (PlayerListener.END_OF_MEDIA.equals(event)) {
            for (int i = 0; i < players.length; i++) {
                if (players[i] == player) {
                    release(i);
                }
            }
        }
    }

    public void close() {
        release(0);
        release(1);
        if (failures > 0) {
            log.info("audio: " + failures + " chunks could not be played");
        }
    }
}
