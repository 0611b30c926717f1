package org.pippin.emulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Duration;
import java.util.Locale;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Numbers owned by the phones' keys, end to end: a MIDlet makes its key, creates a number with proof of work, is
 * called on it with the caller's number proven and voice sealed end to end, gives the number up, and the number is
 * out of service afterwards.
 */
class KeysIT {
    private static final Duration SIGNAL = Duration.ofSeconds(20);
    /** The network's default difficulty (pippin-relay.conf). */
    private static final int DEFAULT_DIFFICULTY = 16;

    @RegisterExtension
    final Testbed bed = new Testbed();

    @Test
    void createdNumber_isCalledEndToEnd_thenDumped_andIsNotInServiceAfterwards() throws IOException {
        Relay relay = bed.relay("relay");
        Phone b = bed.phone("phoneB", "random").relay(relay).autoAnswer("answer").dumpAfterCall()
                .send(ToneSequence.render(CallIT.B_TO_A)).start();
        Event claimed = b.await("claimed", Testbed.START);
        String number = claimed.arg(0);
        assertEquals(4, number.length(), "a random number of the plan: " + claimed);
        assertEquals("difficulty=" + Relay.TEST_DIFFICULTY, claimed.arg(1), "the work the relay asked for");
        assertEquals(number + " udp", String.join(" ", b.await("registered", SIGNAL).args()));

        Phone a = bed.phone("phoneA", "1001").relay(relay).dial(number).hangUpAtEndOfAudio()
                .send(ToneSequence.render(CallIT.A_TO_B)).start();
        assertEquals("1001 udp", String.join(" ", a.await("registered", Testbed.START).args()));
        CallIT.Call call = CallIT.call(a, "1001", b, number);

        assertEquals("e2e", call.answeredA().arg(3), "A seals its voice: " + call.answeredA());
        assertEquals("e2e", call.answeredB().arg(3), "B seals its voice: " + call.answeredB());
        assertEquals(0, call.statsA().counter("forged"), call.statsA()::toString);
        assertEquals(0, call.statsB().counter("forged"), call.statsB()::toString);
        assertTrue(relay.process().findLine(l -> l.contains("sealed end to end")).isPresent(),
                "the relay carried the call as sealed");
        CallIT.checkAudio(a, b, call);

        Event released = b.await("released", SIGNAL);
        assertEquals(number, released.arg(0));
        assertTrue(released.arg(1).startsWith("until="), released::toString);

        Phone c = bed.phone("phoneC", "3003").relay(relay).dial(number).start();
        assertEquals("3003 udp", String.join(" ", c.await("registered", Testbed.START).args()));
        String callId = c.await("dialing", SIGNAL).arg(0);
        Event rejected = c.process().awaitEvent("rejected", e -> e.arg(0).equals(callId), SIGNAL);
        assertEquals("NOT_IN_SERVICE", rejected.arg(1), "a dumped number is out of service: " + rejected);
    }

    /** An anonymous call: the callee sees "anonymous", and without a key share the call is not end to end. */
    @Test
    void anonymousCall_showsAnonymous_andIsNotEndToEnd() {
        Relay relay = bed.relay("relay");
        Phone b = bed.phone("phoneB", "2002").relay(relay).autoAnswer("answer").start();
        assertEquals("2002 udp", String.join(" ", b.await("registered", Testbed.START).args()));
        Phone a = bed.phone("phoneA", "1001").relay(relay).dial("2002").anonymous()
                .send(ToneSequence.render(CallIT.A_TO_B)).hangUpAtEndOfAudio().start();
        Event dialing = a.await("dialing", Testbed.START);
        assertEquals("from=anonymous", dialing.arg(2));
        Event incoming = b.process().awaitEvent("incoming", e -> e.arg(0).equals(dialing.arg(0)), SIGNAL);
        assertEquals("anonymous anonymous clear", String.join(" ", incoming.args().subList(1, 4)));
        Event answered = b.process().awaitEvent("answered", e -> e.arg(0).equals(dialing.arg(0)), SIGNAL);
        assertEquals("clear", answered.arg(3));
    }

    /** B's signed block list reaches the relay, which turns A away before B's phone rings. */
    @Test
    void blockedCaller_isDeclinedBeforeTheCalleeRings() {
        Relay relay = bed.relay("relay");
        Phone b = bed.phone("phoneB", "2002").relay(relay).autoAnswer("answer")
                .attribute("Pippin-Auto-Block", "1001, 99*, anonymous").start();
        assertEquals("2002 udp", String.join(" ", b.await("registered", Testbed.START).args()));
        assertEquals("2002 OK", String.join(" ", b.await("blocklist", SIGNAL).args()));
        Phone a = bed.phone("phoneA", "1001").relay(relay).dial("2002").start();
        String callId = a.await("dialing", Testbed.START).arg(0);
        Event rejected = a.process().awaitEvent("rejected", e -> e.arg(0).equals(callId), SIGNAL);
        assertEquals("DECLINED", rejected.arg(1));
        assertEquals(0, b.process().events().stream().filter(e -> e.name().equals("incoming")).count(),
                "B never rang");
    }

    /**
     * How long a claim takes at the network's default difficulty: printed, not asserted. Once with the emulator's
     * JVM compiling to machine code as usual, once interpreting only ({@code -Xint}), nearer what a feature phone's
     * VM does.
     */
    @Test
    void claimAtTheDefaultDifficulty_isMeasured() {
        Relay relay = bed.relay("relay", "registrar.pow.difficulty=" + DEFAULT_DIFFICULTY);
        measureClaim(bed.phone("phoneJit", "random").relay(relay).start(), "JIT");
        measureClaim(bed.phone("phoneInterpreted", "random").relay(relay).jvm("-Xint").start(), "-Xint");
    }

    private static void measureClaim(Phone p, String vm) {
        Event claiming = p.await("claiming", Testbed.START.multipliedBy(4));
        assertEquals("difficulty=" + DEFAULT_DIFFICULTY, claiming.arg(2));
        Event claimed = p.await("claimed", Duration.ofMinutes(4));
        assertEquals("difficulty=" + DEFAULT_DIFFICULTY, claimed.arg(1));
        System.out.printf(Locale.ROOT, "claim at difficulty %d in MicroEmulator (%s): %s, %s (work on the phone); "
                        + "%.2f s from the work's start to the number granted%n", DEFAULT_DIFFICULTY, vm,
                claimed.arg(2), claimed.arg(3), ProcessLog.seconds(claiming.atNanos(), claimed.atNanos()));
        p.await("registered", SIGNAL);
    }
}
