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

    private static void assertRejected(Phone caller, String callId, String reason) {
        Event rejected = caller.process().awaitEvent("rejected", e -> e.arg(0).equals(callId), SIGNAL);
        assertEquals(reason, rejected.arg(1), () -> "reject reason in '" + rejected + "'");
        assertEquals(0, caller.process().events().stream().filter(e -> e.name().equals("answered")).count(),
                "a rejected call is never answered");
    }
}
