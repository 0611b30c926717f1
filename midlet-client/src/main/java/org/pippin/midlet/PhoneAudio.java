package org.pippin.midlet;

import java.io.IOException;

import javax.microedition.io.Connector;
import javax.microedition.io.file.FileConnection;

/**
 * Chooses a call's audio from the settings: WAV files through JSR-75 ({@code Pippin-Audio: file}, used by tests)
 * or the phone's own audio through MMAPI. Capture needs JSR-135's RecordControl, which many MIDP 2.0 phones lack;
 * that is detected at run time and the phone then sends silence rather than failing the call.
 */
final class PhoneAudio implements AudioDevice {

    private final Settings settings;
    private final Log log;
    private final int maxSamples;

    /** @param maxSamples samples per packet at the configured packetization (buffer sizes) */
    PhoneAudio(Settings settings, Log log, int maxSamples) {
        this.settings = settings;
        this.log = log;
        this.maxSamples = maxSamples;
    }

    public AudioSource openSource() throws IOException {
        if (settings.audio == Settings.AUDIO_FILE) {
            if (settings.audioIn == null) {
                throw new IOException("Pippin-Audio is file but Pippin-Audio-In is not set");
            }
            FileConnection fc = (FileConnection) Connector.open(settings.audioIn, Connector.READ);
            try {
                return new WavSource(fc.openInputStream(), fc, maxSamples);
            } catch (IOException e) {
                fc.close();
                throw new IOException("cannot read " + settings.audioIn + ": " + e.getMessage());
            }
        }
        if (captureSupported(log)) {
            try {
                return new CaptureSource(log);
            } catch (IOException e) {
                log.info("audio: " + e.getMessage() + "; sending silence");
                return new SilenceSource();
            }
        }
        log.info("audio: this phone cannot capture audio; sending silence");
        return new SilenceSource();
    }

    public AudioSink openSink() throws IOException {
        if (settings.audio == Settings.AUDIO_FILE) {
            if (settings.audioOut == null) {
                throw new IOException("Pippin-Audio is file but Pippin-Audio-Out is not set");
            }
            return new WavSink(new FileWavTarget(settings.audioOut), maxSamples);
        }
        return new MmapiSink(log);
    }

    /** True when the phone says it can capture audio and has the JSR-135 RecordControl API. */
    private static boolean captureSupported(Log log) {
        if (!"true".equals(System.getProperty("supports.audio.capture"))) {
            log.info("audio: supports.audio.capture is not true");
            return false;
        }
        try {
            Class.forName("javax.microedition.media.control.RecordControl");
            return true;
        } catch (ClassNotFoundException e) {
            log.info("audio: MIDP 2.0 audio subset only, no " + e.getMessage());
            return false;
        }
    }
}
