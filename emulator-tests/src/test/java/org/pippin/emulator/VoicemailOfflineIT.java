package org.pippin.emulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Voicemail for a phone that is off: B claims its number and is switched off; A calls it and the relay answers for
 * B's voicemail at once (B is attached nowhere), and A leaves a message. B is switched on again — the same MIDlet with
 * the record stores it kept on "flash" — logs in with its key, hears that a message waits, lists it and plays it.
 */
class VoicemailOfflineIT {
    private static final Duration SIGNAL = Duration.ofSeconds(30);
    private static final int RATE = WavFile.RATE;
    private static final String OWNER = "2003";

    @RegisterExtension
    final Testbed bed = new Testbed();

    @Test
    void callerLeavesAMessageForAPhoneThatIsOff_ownerHearsItAfterSwitchingOn() throws IOException {
        // A short keepalive, so the relay forgets the switched-off phone within seconds (it cannot say goodbye).
        Relay relay = bed.relay("relay", "voicemail.enabled=true", "keepalive.seconds=5", "phone.timeout.seconds=10");
        Phone owner = bed.phone("phoneB", OWNER).relay(relay).keepRecords()
                .attribute("Pippin-Exit-After-Call", "false").start();
        assertTrue(owner.await("claimed", Testbed.START).args().contains(OWNER), "B claimed " + OWNER);
        assertEquals(OWNER, owner.await("registered", Testbed.START).arg(0));
        owner.process().close();
        relay.process().awaitLine("B detached", l -> l.contains("phone " + OWNER + ": detached"), SIGNAL);

        Phone a = bed.phone("phoneA", "1003").relay(relay).dial(OWNER).hangUpAtEndOfAudio()
                .send(VoicemailIT.message()).start();
        String callId = a.await("dialing", Testbed.START).arg(0);
        Event vm = a.process().awaitEvent("voicemail", e -> e.arg(0).equals(callId), SIGNAL);
        assertEquals("UNAVAILABLE", vm.arg(1), "B is off: voicemail answers at once");
        a.process().awaitEvent("ended", e -> e.arg(0).equals(callId), SIGNAL);
        relay.process().awaitLine("message saved", l -> l.contains("voicemail") && l.contains("saved"), SIGNAL);

        // Switched on again: the same phone (its key from its record store), so no claim, only a login.
        Phone again = bed.phone("phoneB", OWNER).relay(relay).keepRecords()
                .attribute("Pippin-Exit-After-Call", "false").attribute("Pippin-Auto-Voicemail", "play").start();
        assertEquals(OWNER, again.await("registered", Testbed.START).arg(0));
        assertTrue(again.process().events().stream().noneMatch(e -> e.name().equals("claiming")),
                "B kept its number: nothing claimed again");
        Event waiting = again.await("voicemail-waiting", SIGNAL);
        assertEquals(OWNER + " 1 1", String.join(" ", waiting.args()));
        Event entry = again.await("voicemail-entry", SIGNAL);
        assertEquals("1003", entry.arg(1), "caller");
        assertEquals("new", entry.arg(4));
        Event played = again.await("voicemail-played", SIGNAL);
        assertEquals(entry.arg(0), played.arg(0));

        short[] heard = WavFile.read(again.recording());
        assertEquals(Integer.parseInt(played.arg(1)) * RATE / 1000, heard.length, "the played length, as PCM");
        double tone = VoicemailIT.power(heard, VoicemailIT.TONE_HZ);
        for (double other : new double[] {440, 480, 620, 1400, 1000}) {
            assertTrue(tone > 50 * VoicemailIT.power(heard, other), VoicemailIT.TONE_HZ + " Hz against " + other);
        }
        System.out.printf("voicemail for a phone that was off, played after switching on: %d ms, %s%n",
                heard.length * 1000 / RATE, entry);
    }
}
