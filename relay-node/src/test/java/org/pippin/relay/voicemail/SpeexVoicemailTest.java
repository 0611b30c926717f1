package org.pippin.relay.voicemail;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pippin.codec.Codecs;
import org.pippin.codec.VoiceCodec;
import org.pippin.codec.Wav;
import org.pippin.protocol.Wire;

/** Voicemail of a call on Speex: kept as the caller's 15-byte frames, exported to WAV decoded, tone intact. */
class SpeexVoicemailTest {

    @TempDir
    Path dir;

    @Test
    void speexMessageIsStoredAsFramesAndExportedAsTheTone() throws Exception {
        int frames = 60 * 50;
        short[] pcm = new short[frames * 160];
        for (int i = 0; i < pcm.length; i++) {
            pcm[i] = (short) Math.round(8000 * Math.sin(2 * Math.PI * 730 * i / 8000.0));
        }
        VoiceCodec encoder = Codecs.create(Wire.CODEC_SPEEX);
        byte[] audio = new byte[frames * 15];
        for (int f = 0; f < frames; f++) {
            encoder.encode(pcm, f * 160, audio, f * 15);
        }
        Message minute = new Message(1, "96512345", "555", 1000 * MessageStoreTest.DAY, Wire.CODEC_SPEEX,
                Wire.REJECT_UNAVAILABLE, audio);
        assertEquals(60_000, minute.durationMillis());

        MessageStore s = MessageStore.open(dir);
        s.save(minute);
        long onDisk = Files.size(dir.resolve("96512345").resolve(Wire.messageIdHex(1) + ".vm"));
        // 45 000 bytes a minute of Speex against 99 000 of GSM.
        assertEquals(45_000 + Message.FIXED_BYTES + 8 + 3, onDisk);

        byte[] wav = WavExport.toWav(MessageStore.open(dir).read(1));
        assertEquals(960_044, wav.length, "8 kHz x 16 bit x 60 s + 44-byte header");
        short[] out = new short[pcm.length];
        Wav.toSamples(wav, Wav.HEADER_BYTES, out, 0, out.length);
        double at730 = power(out, 730);
        double at530 = power(out, 530);
        double at930 = power(out, 930);
        assertTrue(at730 > 100 * at530 && at730 > 100 * at930, at730 + " vs " + at530 + ", " + at930);
    }

    private static double power(short[] s, double hz) {
        double w = 2 * Math.PI * hz / 8000;
        double re = 0;
        double im = 0;
        for (int i = 8000; i < s.length; i++) {
            re += s[i] * Math.cos(w * i);
            im += s[i] * Math.sin(w * i);
        }
        return re * re + im * im;
    }
}
