package org.pippin.emulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Voicemail between two MIDlets: A calls B, who lets it ring out; the relay answers for B's voicemail (A sees that the
 * call is not end-to-end), plays the greeting, records what A says after the beep. B learns a message is waiting,
 * lists it (caller, length, new) and plays it: B's audio output holds A's tone.
 */
class VoicemailIT {
    private static final Duration SIGNAL = Duration.ofSeconds(30);
    /** A's test tone, far from the greeting's tones (440/480 Hz ring-back, 1400 Hz beep). */
    static final double TONE_HZ = 700;
    private static final int RATE = WavFile.RATE;

    @RegisterExtension
    final Testbed bed = new Testbed();

    /** 4.5 s of silence (the 3.5 s greeting plays meanwhile), then 3 s of the tone. */
    static short[] message() {
        short[] pcm = new short[RATE * 15 / 2];
        for (int i = RATE * 9 / 2; i < pcm.length; i++) {
            pcm[i] = (short) (8000 * Math.sin(2 * Math.PI * TONE_HZ * i / RATE));
        }
        return pcm;
    }

    @Test
    void callerLeavesAMessageForAnUnansweredNumber_ownerListsAndPlaysIt() throws IOException {
        // A MIDlet's record store (its key) lives only as long as MicroEmulator's process, so the owner stays online
        // and lets the call ring out: voicemail answers after the owner's ring time, and the owner learns of the
        // message while online. The offline case is VoicemailTest's, with phones whose keys outlive a login.
        Relay relay = bed.relay("relay", "voicemail.enabled=true", "voicemail.ring.timeout.seconds=5");
        Phone owner = bed.phone("phoneB", "2002").relay(relay).attribute("Pippin-Exit-After-Call", "false")
                .attribute("Pippin-Auto-Voicemail", "play").start();
        assertEquals("2002", owner.await("registered", Testbed.START).arg(0));

        Phone a = bed.phone("phoneA", "1001").relay(relay).dial("2002").hangUpAtEndOfAudio().send(message()).start();
        String callId = a.await("dialing", Testbed.START).arg(0);
        Event vm = a.process().awaitEvent("voicemail", e -> e.arg(0).equals(callId), SIGNAL);
        assertEquals("NO_ANSWER", vm.arg(1));
        a.process().awaitEvent("ended", e -> e.arg(0).equals(callId), SIGNAL);
        relay.process().awaitLine("message saved", l -> l.contains("voicemail") && l.contains("saved"), SIGNAL);

        Event waiting = owner.await("voicemail-waiting", SIGNAL);
        assertEquals("2002 1 1", String.join(" ", waiting.args()));
        Event entry = owner.await("voicemail-entry", SIGNAL);
        assertEquals("1001", entry.arg(1), "caller");
        int seconds = Integer.parseInt(entry.arg(3));
        assertTrue(seconds >= 3 && seconds <= 5, "duration " + seconds + " s");
        assertEquals("new", entry.arg(4));
        long nowSeconds = System.currentTimeMillis() / 1000;
        assertTrue(Math.abs(nowSeconds - Long.parseLong(entry.arg(2))) < 120, "time " + entry.arg(2));
        Event played = owner.await("voicemail-played", SIGNAL);
        assertEquals(entry.arg(0), played.arg(0));

        short[] heard = WavFile.read(owner.recording());
        assertEquals(Integer.parseInt(played.arg(1)) * RATE / 1000, heard.length, "the played length, as PCM");
        double tone = power(heard, TONE_HZ);
        for (double other : new double[] {440, 480, 620, 1400, 1000}) {
            assertTrue(tone > 50 * power(heard, other), TONE_HZ + " Hz against " + other + " Hz");
        }
        assertTrue(tone > 1e5, "tone power " + tone);
        System.out.printf("voicemail played on B: %d ms, %s%n", heard.length * 1000 / RATE, entry);
    }

    /** Power of {@code hz} over the whole recording (Goertzel), per sample. */
    static double power(short[] pcm, double hz) {
        double k = 2 * Math.cos(2 * Math.PI * hz / RATE);
        double s1 = 0;
        double s2 = 0;
        for (short sample : pcm) {
            double s0 = sample + k * s1 - s2;
            s2 = s1;
            s1 = s0;
        }
        return (s1 * s1 + s2 * s2 - k * s1 * s2) / pcm.length;
    }
}
