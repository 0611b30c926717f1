package org.pippin.midlet;

import java.io.IOException;

import org.pippin.codec.Codecs;
import org.pippin.codec.VoiceCodec;
import org.pippin.protocol.Frame;
import org.pippin.protocol.Result;
import org.pippin.protocol.VmAudio;
import org.pippin.protocol.VmDelete;
import org.pippin.protocol.VmFetch;
import org.pippin.protocol.VmList;
import org.pippin.protocol.VmListing;
import org.pippin.protocol.VmWaiting;
import org.pippin.protocol.Wire;

/**
 * The owner's voicemail on the phone: message waiting, the list (caller, time, length, new or heard), fetching a
 * message in windows of chunks, playing it through the phone's audio output, deleting it. The relay keeps the
 * messages; the phone holds one listing and at most one message being fetched.
 *
 * <p>It starts no thread: the {@link Engine} hands it voicemail frames ({@link #onFrame}, with the engine's lock
 * held) and it sends through the engine. {@code Pippin-Auto-Voicemail: play} (or {@code play-delete}) makes a phone
 * with a new message list, play and optionally delete the newest one by itself, for tests.
 */
public final class Mailbox {

    /** What the screens hear about; called with the engine's lock held: do not block. */
    public interface Listener {
        void waiting(String owner, int newCount, int total);

        void listed(VmListing listing);

        /** A message finished playing ({@code ok}) or could not be played. */
        void played(long id, boolean ok, String why);

        void deleted(boolean ok);
    }

    /** Chunks asked for at once: a few seconds of audio, well within what the link keeps in flight. */
    static final int WINDOW = 8;
    /** Most chunks a message may have: 10 minutes of GSM, 200 kB in memory at most. */
    static final int MAX_CHUNKS = 1000;

    private final Engine engine;
    private final AudioDevice audio;
    private final Log log;
    private final int autoMode;
    private Listener ui;
    private GreetingBox greetings;

    private VmListing listing;
    private long fetching;
    private boolean busy;
    private byte[] chunkData;
    private int[] chunkLength;
    private int chunks;
    private int received;
    private int requested;
    private int codec;

    Mailbox(Engine engine, AudioDevice audio, Log log, int autoMode) {
        this.engine = engine;
        this.audio = audio;
        this.log = log;
        this.autoMode = autoMode;
    }

    public void setListener(Listener ui) {
        this.ui = ui;
    }

    /** Where the answers to greeting uploads, deletions and settings go. */
    void setGreetings(GreetingBox greetings) {
        this.greetings = greetings;
    }

    /** Asks for the owner's list (the newest 32). */
    public void list(String owner) {
        engine.sendMailbox(new VmList(owner, 0));
    }

    /** Fetches and plays a message; false if another is still being fetched. */
    public boolean play(long id) {
        synchronized (engine) {
            if (busy) {
                return false;
            }
            busy = true;
            fetching = id;
            chunkData = null;
            received = 0;
            requested = WINDOW;
        }
        log.event("voicemail-fetch " + Wire.messageIdHex(id));
        engine.sendMailbox(new VmFetch(id, 0, WINDOW));
        return true;
    }

    public void delete(long id) {
        engine.sendMailbox(new VmDelete(id));
    }

    /** The phone logged in as {@code number}. Engine lock held. */
    void registered(String number) {
        if (greetings != null) {
            greetings.registered(number);
        }
    }

    /** The last listing, or null. */
    public VmListing listing() {
        return listing;
    }

    /** A voicemail frame from the relay; false if {@code f} is not one. Engine lock held. */
    boolean onFrame(Frame f) {
        if (f instanceof VmWaiting) {
            VmWaiting w = (VmWaiting) f;
            log.event("voicemail-waiting " + w.owner + " " + w.newCount + " " + w.total);
            if (ui != null) {
                ui.waiting(w.owner, w.newCount, w.total);
            }
            if (autoMode != Settings.VOICEMAIL_MANUAL && w.newCount > 0 && !busy) {
                list(w.owner);
            }
            return true;
        }
        if (f instanceof VmListing) {
            onListing((VmListing) f);
            return true;
        }
        if (f instanceof VmAudio) {
            onAudio((VmAudio) f);
            return true;
        }
        if (f instanceof Result && greetings != null && (((Result) f).request == Wire.VM_GREETING
            || ((Result) f).request == Wire.VM_GREETING_DELETE || ((Result) f).request == Wire.VM_SETTINGS)) {
            greetings.onResult((Result) f);
            return true;
        }
        if (f instanceof Result && ((Result) f).request >= Wire.VM_ANSWER && ((Result) f).request <= Wire.VM_SETTINGS) {
            onResult((Result) f);
            return true;
        }
        return false;
    }

    private void onListing(VmListing l) {
        listing = l;
        log.event("voicemail-list " + l.owner + " " + l.total);
        long newest = 0;
        boolean haveNew = false;
        for (int i = 0; i < l.count(); i++) {
            log.event("voicemail-entry " + Wire.messageIdHex(l.id(i)) + " "
                + (l.caller(i).length() == 0 ? "anonymous" : l.caller(i)) + " " + l.time(i) + " " + l.duration(i)
                + (l.isNew(i) ? " new" : " heard"));
            if (l.isNew(i) && !haveNew) {
                newest = l.id(i);
                haveNew = true;
            }
        }
        if (ui != null) {
            ui.listed(l);
        }
        if (autoMode != Settings.VOICEMAIL_MANUAL && haveNew && !busy) {
            play(newest);
        }
    }

    private void onAudio(VmAudio a) {
        if (!busy || a.id != fetching) {
            return;
        }
        if (chunkData == null) {
            if (a.chunks > MAX_CHUNKS || Wire.codecFrameBytes(a.codec) <= 0) {
                finishPlay(false, "message too long or of an unknown codec");
                return;
            }
            chunks = a.chunks;
            codec = a.codec;
            chunkData = new byte[chunks * VmAudio.MAX_AUDIO];
            chunkLength = new int[chunks];
            for (int i = 0; i < chunks; i++) {
                chunkLength[i] = -1;
            }
        }
        if (a.chunks != chunks || a.codec != codec || chunkLength[a.chunk] >= 0) {
            return;
        }
        chunkLength[a.chunk] = a.copyAudio(chunkData, a.chunk * VmAudio.MAX_AUDIO);
        received++;
        if (received == chunks) {
            playBuffered();
        } else if (received == requested && requested < chunks) {
            int window = chunks - requested < WINDOW ? chunks - requested : WINDOW;
            engine.sendMailbox(new VmFetch(fetching, requested, window));
            requested += window;
        }
    }

    /** Decodes the whole message and writes it to the phone's audio output. */
    private void playBuffered() {
        VoiceCodec decoder = Codecs.create(codec);
        int frameBytes = decoder.frameBytes();
        short[] pcm = new short[decoder.frameSamples()];
        int frames = 0;
        int damaged = 0;
        String damage = null;
        AudioSink sink;
        try {
            sink = audio.openSink();
        } catch (IOException e) {
            finishPlay(false, "audio output: " + e.getMessage());
            return;
        }
        try {
            for (int c = 0; c < chunks; c++) {
                int base = c * VmAudio.MAX_AUDIO;
                for (int off = 0; off + frameBytes <= chunkLength[c]; off += frameBytes) {
                    try {
                        decoder.decode(chunkData, base + off, pcm, 0);
                    } catch (IllegalArgumentException e) {
                        damaged++;
                        damage = e.getMessage();
                        for (int i = 0; i < pcm.length; i++) {
                            pcm[i] = 0; // a damaged frame: 20 ms of silence
                        }
                    }
                    sink.write(pcm, 0, pcm.length);
                    frames++;
                }
            }
            sink.close();
        } catch (IOException e) {
            finishPlay(false, "audio output: " + e.getMessage());
            return;
        }
        if (damaged > 0) {
            log.info("voicemail: " + damaged + " damaged frames played as silence (" + damage + ")");
        }
        log.event("voicemail-played " + Wire.messageIdHex(fetching) + " " + frames * Wire.CODEC_FRAME_MS);
        long id = fetching;
        finishPlay(true, null);
        if (autoMode == Settings.VOICEMAIL_PLAY_DELETE) {
            delete(id);
        }
    }

    private void finishPlay(boolean ok, String why) {
        long id = fetching;
        busy = false;
        chunkData = null;
        chunkLength = null;
        if (!ok) {
            log.event("voicemail-failed " + Wire.messageIdHex(id) + " " + why);
        }
        if (ui != null) {
            ui.played(id, ok, why);
        }
    }

    private void onResult(Result r) {
        if (r.request == Wire.VM_FETCH && busy) {
            finishPlay(false, Wire.resultName(r.outcome));
        } else if (r.request == Wire.VM_DELETE) {
            boolean ok = r.outcome == Wire.RESULT_OK;
            log.event("voicemail-deleted " + Wire.resultName(r.outcome));
            if (ui != null) {
                ui.deleted(ok);
            }
        } else {
            log.info("voicemail: " + r);
        }
    }
}
