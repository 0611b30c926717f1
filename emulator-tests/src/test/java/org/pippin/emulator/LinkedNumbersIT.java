package org.pippin.emulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Linked numbers from the MIDlet: the owner's phone sends a signed LINKS (ring all, another MIDlet's number), a third
 * MIDlet calls the owner's number, both phones ring, and the linked phone answers with voice both ways.
 */
class LinkedNumbersIT {
    private static final Duration SIGNAL = Duration.ofSeconds(20);

    @RegisterExtension
    final Testbed bed = new Testbed();

    @Test
    void ringAll_theLinkedPhoneAnswersACallToTheOwnersNumber() {
        Relay relay = bed.relay("relay");
        Phone linked = bed.phone("phoneL", "3003").relay(relay).autoAnswer("answer")
                .send(ToneSequence.render(CallIT.B_TO_A)).start();
        assertEquals("3003 udp", String.join(" ", linked.await("registered", Testbed.START).args()));
        Phone owner = bed.phone("phoneO", "2002").relay(relay).attribute("Pippin-Auto-Link", "all 3003").start();
        assertEquals("2002 udp", String.join(" ", owner.await("registered", Testbed.START).args()));
        assertEquals("2002 OK", String.join(" ", owner.await("links", SIGNAL).args()), "the relay took the list");

        Phone caller = bed.phone("phoneA", "1001").relay(relay).dial("2002").hangUpAtEndOfAudio()
                .send(ToneSequence.render(CallIT.A_TO_B)).start();
        String callId = caller.await("dialing", Testbed.START).arg(0);
        Event incoming = linked.await("incoming", SIGNAL);
        assertEquals("1001", incoming.arg(1), "the linked phone rings with the caller: " + incoming);
        Event ownerRang = owner.await("incoming", SIGNAL);
        assertEquals("1001", ownerRang.arg(1), "ring all: the owner's phone rings too");
        caller.process().awaitEvent("answered", e -> e.arg(0).equals(callId), SIGNAL);
        Event answered = linked.await("answered", SIGNAL);
        Event statsA = caller.process().awaitEvent("audio-stats", e -> e.arg(0).equals(callId), Testbed.START);
        Event statsL = linked.await("audio-stats", Testbed.START);
        assertTrue(statsA.counter("received") > 0, "the caller heard the linked phone: " + statsA);
        assertTrue(statsL.counter("received") > 0, "the linked phone heard the caller: " + statsL
                + " after " + answered);
        Event ended = owner.await("ended", SIGNAL);
        assertEquals("CANCELLED", ended.arg(1), "the owner's phone stops ringing: " + ended);
    }
}
