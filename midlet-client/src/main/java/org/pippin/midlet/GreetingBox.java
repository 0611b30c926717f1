package org.pippin.midlet;

import java.io.IOException;

import org.pippin.codec.Codecs;
import org.pippin.codec.VoiceCodec;
import org.pippin.protocol.Result;
import org.pippin.protocol.VmGreeting;
import org.pippin.protocol.VmGreetingDelete;
import org.pippin.protocol.VmSettings;
import org.pippin.protocol.Wire;

/**
 * The owner's own voicemail greetings on the phone: recorded from the phone's audio source (the microphone, or the
 * WAV file of {@code Pippin-Audio-In}) as GSM frames, at most {@link #MAX_SECONDS}, listened back through the audio
 * output, sent to the relay as VM_GREETING chunks and deleted there with VM_GREETING_DELETE. One job (record, play or
 * send) runs at a time on a thread of its own; the relay's RESULT comes back through {@link Mailbox}.
 */
final class GreetingBox {

    /** What the greetings screen hears, from the job's thread or with the engine's lock held: do not block. */
    interface Listener {
        void greetingStatus(String text);
    }

    static final int MAX_SECONDS = 30;
    /** Chunks the upload keeps in flight: well within the link's window, and a few seconds of GSM on GPRS. */
    static final int WINDOW = 8;
    private static final int FRAMES_PER_CHUNK = VmGreeting.MAX_AUDIO / 33;
    private static final int FRAME_SAMPLES = 160;
    private static final int POLL_MS = 20;

    private final Engine engine;
    private final AudioDevice audio;
    private final Log log;
    /** [kind] -> the recorded GSM frames, or null. */
    private final byte[][] recorded = new byte[2][];
    private final int autoKind;
    private boolean autoDone;
    private Listener ui;
    private Listener settingsUi;
    private boolean running;
    private volatile boolean stop;

    GreetingBox(Engine engine, AudioDevice audio, Log log, int autoKind) {
        this.engine = engine;
        this.audio = audio;
        this.log = log;
        this.autoKind = autoKind;
    }

    /**
     * Logged in as {@code owner}: with {@code Pippin-Auto-Greeting}, the first time, records that greeting from the
     * audio source and sends it. Engine lock held.
     */
    void registered(final String owner) {
        if (autoKind < 0 || autoDone) {
            return;
        }
        autoDone = true;
        start(new Runnable() {
            public void run() {
                recordNow(autoKind);
                if (recordedFrames(autoKind) != null) {
                    sendNow(owner, autoKind);
                }
            }
        });
    }

    void setListener(Listener ui) {
        this.ui = ui;
    }

    /** Hears the relay's answer to VM_SETTINGS. */
    void setSettingsListener(Listener settingsUi) {
        this.settingsUi = settingsUi;
    }

    /** Seconds of the recorded greeting of {@code kind}, 0 if none is recorded. */
    synchronized int seconds(int kind) {
        return recorded[kind] == null ? 0 : recorded[kind].length / 33 / 50;
    }

    synchronized boolean isRunning() {
        return running;
    }

    /** Stops a recording (keeping what was recorded) or a playback. */
    void stop() {
        stop = true;
    }

    /** Records the greeting of {@code kind} until {@link #stop}, the source ends or 30 s; false if busy. */
    boolean record(final int kind) {
        return start(new Runnable() {
            public void run() {
                recordNow(kind);
            }
        });
    }

    /** Plays back the recorded greeting of {@code kind}; false if busy or none is recorded. */
    boolean listen(final int kind) {
        if (recordedFrames(kind) == null) {
            return false;
        }
        return start(new Runnable() {
            public void run() {
                playNow(kind);
            }
        });
    }

    /** Sends the recorded greeting of {@code kind} for {@code owner}; false if busy or none is recorded. */
    boolean send(final String owner, final int kind) {
        if (recordedFrames(kind) == null) {
            return false;
        }
        return start(new Runnable() {
            public void run() {
                sendNow(owner, kind);
            }
        });
    }

    /** Asks the relay to delete {@code owner}'s greeting of {@code kind}: the default plays again. */
    boolean delete(String owner, int kind) {
        log.event("greeting-delete " + Wire.greetingName(kind));
        return engine.sendMailbox(new VmGreetingDelete(owner, kind));
    }

    /** Sends the owner's signed voicemail settings (VM_SETTINGS); false unless connected. */
    boolean sendSettings(byte[] record) {
        log.event("voicemail-settings-send");
        return engine.sendMailbox(new VmSettings(record));
    }

    /** RESULT(VM_GREETING, VM_GREETING_DELETE or VM_SETTINGS) from the relay. Engine lock held. */
    void onResult(Result r) {
        String what = r.request == Wire.VM_GREETING ? "greeting-sent " : r.request == Wire.VM_GREETING_DELETE
            ? "greeting-deleted " : "voicemail-settings ";
        log.event(what + Wire.resultName(r.outcome) + (r.detail.length() > 0 ? " " + r.detail : ""));
        String done = r.request == Wire.VM_GREETING ? "Greeting sent" : r.request == Wire.VM_GREETING_DELETE
            ? "Greeting deleted" : "Settings saved";
        String text = r.outcome == Wire.RESULT_OK ? done : "Refused: " + Wire.resultName(r.outcome) + " " + r.detail;
        if (r.request == Wire.VM_SETTINGS) {
            if (settingsUi != null) {
                settingsUi.greetingStatus(text);
            }
        } else {
            tell(text);
        }
    }

    private synchronized byte[] recordedFrames(int kind) {
        return recorded[kind];
    }

    private synchronized boolean start(Runnable job) {
        if (running) {
            return false;
        }
        running = true;
        stop = false;
        final Runnable j = job;
        new Thread(new Runnable() {
            public void run() {
                try {
                    j.run();
                } finally {
                    synchronized (GreetingBox.this) {
                        running = false;
                    }
                }
            }
        }).start();
        return true;
    }

    private void recordNow(int kind) {
        VoiceCodec gsm = Codecs.create(Wire.CODEC_GSM);
        int maxFrames = MAX_SECONDS * 50;
        byte[] out = new byte[maxFrames * gsm.frameBytes()];
        short[] pcm = new short[FRAME_SAMPLES];
        int frames = 0;
        int fill = 0;
        AudioSource src;
        try {
            src = audio.openSource();
        } catch (IOException e) {
            tell("Cannot record: " + e.getMessage());
            return;
        }
        tell("Recording... (Stop ends it)");
        try {
            while (frames < maxFrames && !stop) {
                int n = src.read(pcm, fill, FRAME_SAMPLES - fill);
                if (n < 0) {
                    break;
                }
                fill += n;
                if (fill == FRAME_SAMPLES) {
                    gsm.encode(pcm, 0, out, frames * gsm.frameBytes());
                    frames++;
                    fill = 0;
                } else {
                    // A microphone hands out speech as it is captured: wait for the next 20 ms of it.
                    Thread.sleep(POLL_MS);
                }
            }
        } catch (IOException e) {
            log.info("greeting: recording ended: " + e.getMessage());
        } catch (InterruptedException e) {
            log.info("greeting: recording interrupted: " + e.getMessage());
        } finally {
            try {
                src.close();
            } catch (IOException e) {
                log.info("greeting: closing the audio source: " + e.getMessage());
            }
        }
        byte[] frames0 = new byte[frames * gsm.frameBytes()];
        System.arraycopy(out, 0, frames0, 0, frames0.length);
        synchronized (this) {
            recorded[kind] = frames == 0 ? null : frames0;
        }
        log.event("greeting-recorded " + Wire.greetingName(kind) + " " + frames * Wire.CODEC_FRAME_MS);
        tell(frames == 0 ? "Nothing recorded" : "Recorded " + frames / 50 + " s");
    }

    private void playNow(int kind) {
        byte[] frames = recordedFrames(kind);
        VoiceCodec gsm = Codecs.create(Wire.CODEC_GSM);
        short[] pcm = new short[FRAME_SAMPLES];
        try {
            AudioSink sink = audio.openSink();
            for (int off = 0; off + gsm.frameBytes() <= frames.length && !stop; off += gsm.frameBytes()) {
                gsm.decode(frames, off, pcm, 0);
                sink.write(pcm, 0, pcm.length);
            }
            sink.close();
            tell("Played");
        } catch (IOException e) {
            tell("Cannot play: " + e.getMessage());
        }
    }

    private void sendNow(String owner, int kind) {
        byte[] frames = recordedFrames(kind);
        int chunkBytes = FRAMES_PER_CHUNK * 33;
        int chunks = (frames.length + chunkBytes - 1) / chunkBytes;
        log.event("greeting-send " + Wire.greetingName(kind) + " " + chunks);
        tell("Sending...");
        try {
            for (int c = 0; c < chunks; c++) {
                while (engine.framesInFlight() >= WINDOW) {
                    Thread.sleep(POLL_MS * 5); // the relay's ACKs make room
                }
                int off = c * chunkBytes;
                int len = frames.length - off < chunkBytes ? frames.length - off : chunkBytes;
                if (!engine.sendMailbox(new VmGreeting(owner, kind, Wire.CODEC_GSM, c, chunks, frames, off, len))) {
                    tell("Not sent: not connected");
                    return;
                }
            }
        } catch (InterruptedException e) {
            tell("Not sent: interrupted " + e.getMessage());
        }
    }

    private void tell(String text) {
        Listener l = ui;
        if (l != null) {
            l.greetingStatus(text);
        }
    }
}
