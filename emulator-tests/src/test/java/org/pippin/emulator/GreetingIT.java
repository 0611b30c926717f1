package org.pippin.emulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The owner's own greeting between two MIDlets: B records its unavailable greeting from its file audio source (a
 * 900 Hz tone) and sends it in VM_GREETING chunks; A calls B, who lets it ring out; the relay answers for B's
 * voicemail and A hears B's greeting, not the default ring-back.
 */
class GreetingIT {
    private static final Duration SIGNAL = Duration.ofSeconds(30);
    /** B's greeting: far from the default greeting's 440/480 Hz ring-back and the 1400 Hz beep. */
    private static final double GREETING_HZ = 900;
    private static final int RATE = WavFile.RATE;

    @RegisterExtension
    final Testbed bed = new Testbed();

    static short[] tone(int seconds) {
        short[] pcm = new short[RATE * seconds];
        for (int i = 0; i < pcm.length; i++) {
            pcm[i] = (short) (8000 * Math.sin(2 * Math.PI * GREETING_HZ * i / RATE));
        }
        return pcm;
    }

    @Test
    void ownerSendsAGreetingFromItsAudioSource_callerHearsIt() throws IOException {
        Relay relay = bed.relay("relay", "voicemail.enabled=true", "voicemail.ring.timeout.seconds=5");
        Phone owner = bed.phone("phoneB", "2002").relay(relay).attribute("Pippin-Exit-After-Call", "false")
                .attribute("Pippin-Auto-Greeting", "unavailable").send(tone(3)).start();
        assertEquals("2002", owner.await("registered", Testbed.START).arg(0));
        Event recorded = owner.await("greeting-recorded", SIGNAL);
        assertEquals("UNAVAILABLE", recorded.arg(0));
        assertEquals("3000", recorded.arg(1), "the whole file, in ms");
        assertEquals("UNAVAILABLE", owner.await("greeting-send", SIGNAL).arg(0));
        assertEquals("OK", owner.await("greeting-sent", SIGNAL).arg(0));

        // A says nothing for 5 s after voicemail answers: the greeting (3 s) and the beep play meanwhile.
        Phone a = bed.phone("phoneA", "1001").relay(relay).dial("2002").hangUpAtEndOfAudio().send(new short[RATE * 5])
                .start();
        String callId = a.await("dialing", Testbed.START).arg(0);
        Event vm = a.process().awaitEvent("voicemail", e -> e.arg(0).equals(callId), SIGNAL);
        assertEquals("NO_ANSWER", vm.arg(1));
        a.process().awaitEvent("ended", e -> e.arg(0).equals(callId), SIGNAL);

        short[] heard = WavFile.read(a.recording());
        double own = power(heard, GREETING_HZ);
        for (double other : new double[] {440, 480, 620}) {
            assertTrue(own > 20 * power(heard, other), GREETING_HZ + " Hz: " + own + " against " + other + " Hz");
        }
        assertTrue(own > 1e5, "greeting tone power " + own);
        System.out.printf("greeting heard by A: %d ms%n", heard.length * 1000 / RATE);
    }

    /** Power of {@code hz} over the whole recording (Goertzel), per sample. */
    private static double power(short[] pcm, double hz) {
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
