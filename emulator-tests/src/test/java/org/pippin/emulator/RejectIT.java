package org.pippin.emulator;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Calls that do not connect: the caller is told why, with the exact reject reason. */
class RejectIT {
    private static final Duration SIGNAL = Duration.ofSeconds(20);

    @RegisterExtension
    final Testbed bed = new Testbed();

    @Test
    void numberNeverRegistered_isNotInService() {
        Relay relay = bed.relay("relay");
        Phone a = bed.phone("phoneA", "1001").relay(relay).dial("3003").start();

        assertEquals("1001", a.await("registered", Testbed.START).arg(0));
        String callId = a.await("dialing", SIGNAL).arg(0);

        assertRejected(a, callId, "NOT_IN_SERVICE");
    }

    /** B registers with the relay, both go away; the restarted relay knows B's number but B is not attached. */
    @Test
    void knownNumberNotAttached_isUnavailable() {
        Relay first = bed.relay("relay1");
        Phone b = bed.phone("phoneB", "2002").relay(first).start();
        assertEquals("2002", b.await("registered", Testbed.START).arg(0));
        b.process().close();
        first.process().close();

        Relay restarted = bed.relay("relay2");
        Phone a = bed.phone("phoneA", "1001").relay(restarted).dial("2002").start();
        assertEquals("1001", a.await("registered", Testbed.START).arg(0));
        String callId = a.await("dialing", SIGNAL).arg(0);

        assertRejected(a, callId, "UNAVAILABLE");
    }

    @Test
    void calleeRejects_isDeclined() {
        Relay relay = bed.relay("relay");
        Phone b = bed.phone("phoneB", "2002").relay(relay).autoAnswer("reject").start();
        assertEquals("2002", b.await("registered", Testbed.START).arg(0));
        Phone a = bed.phone("phoneA", "1001").relay(relay).dial("2002").start();
        assertEquals("1001", a.await("registered", Testbed.START).arg(0));
        String callId = a.await("dialing", SIGNAL).arg(0);

        assertEquals("1001", b.process().awaitEvent("incoming", e -> e.arg(0).equals(callId), SIGNAL).arg(1));
        assertRejected(a, callId, "DECLINED");
    }

    /** Headless, B's MIDlet asks a user who never answers; the relay gives up after its ring timeout. */
    @Test
    void calleeDoesNotAnswer_isNoAnswer() {
        Relay relay = bed.relay("relay", "ring.timeout.seconds=5");
        Phone b = bed.phone("phoneB", "2002").relay(relay).start();
        assertEquals("2002", b.await("registered", Testbed.START).arg(0));
        Phone a = bed.phone("phoneA", "1001").relay(relay).dial("2002").start();
        assertEquals("1001", a.await("registered", Testbed.START).arg(0));
        String callId = a.await("dialing", SIGNAL).arg(0);

        b.process().awaitEvent("incoming", e -> e.arg(0).equals(callId), SIGNAL);
        a.process().awaitEvent("ringing", e -> e.arg(0).equals(callId), SIGNAL);
        assertRejected(a, callId, "NO_ANSWER");
        Event ended = b.process().awaitEvent("ended", e -> e.arg(0).equals(callId), SIGNAL);
        assertEquals("CANCELLED remote", ended.arg(1) + " " + ended.arg(2), "the callee stops ringing");
    }

    /** A and B are talking (no audio file, no hang-up: the call lasts); C calls B. */
    @Test
    void calleeInACall_isBusy() {
        Relay relay = bed.relay("relay");
        Phone b = bed.phone("phoneB", "2002").relay(relay).autoAnswer("answer").start();
        assertEquals("2002", b.await("registered", Testbed.START).arg(0));
        Phone a = bed.phone("phoneA", "1001").relay(relay).dial("2002").start();
        String first = a.await("dialing", Testbed.START).arg(0);
        a.process().awaitEvent("answered", e -> e.arg(0).equals(first), SIGNAL);

        Phone c = bed.phone("phoneC", "3003").relay(relay).dial("2002").start();
        assertEquals("3003", c.await("registered", Testbed.START).arg(0));
        String second = c.await("dialing", SIGNAL).arg(0);

        assertRejected(c, second, "BUSY");
        assertEquals(0, a.process().events().stream().filter(e -> e.name().equals("ended")).count(),
                "the call in progress goes on");
    }

    private static void assertRejected(Phone caller, String callId, String reason) {
        Event rejected = caller.process().awaitEvent("rejected", e -> e.arg(0).equals(callId), SIGNAL);
        assertEquals(reason, rejected.arg(1), () -> "reject reason in '" + rejected + "'");
        assertEquals(0, caller.process().events().stream().filter(e -> e.name().equals("answered")).count(),
                "a rejected call is never answered");
    }
}
