package org.pippin.emulator;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Keys pressed in a call: two MIDlets in MicroEmulator call through a real relay, each sending keys as DTMF once the
 * call is answered ({@code Pippin-Auto-Dtmf}); each logs the other's keys, in order, once each, for that call.
 */
class DtmfIT {
    private static final Duration SIGNAL = Duration.ofSeconds(20);

    @RegisterExtension
    final Testbed bed = new Testbed();

    @Test
    void keysGoBothWaysInOrder() {
        Relay relay = bed.relay("relay");
        Phone b = bed.phone("phoneB", "2002").relay(relay).autoAnswer("answer").attribute("Pippin-Auto-Dtmf", "5*")
                .start();
        assertEquals("2002", b.await("registered", Testbed.START).arg(0));
        Phone a = bed.phone("phoneA", "1001").relay(relay).dial("2002").attribute("Pippin-Auto-Dtmf", "123#D")
                .start();
        assertEquals("1001", a.await("registered", Testbed.START).arg(0));
        String callId = a.await("dialing", SIGNAL).arg(0);

        assertEquals("123#D", keys(b, callId, 5));
        assertEquals("5*", keys(a, callId, 2));
    }

    /** The keys of the {@code dtmf} events of {@code callId} on {@code p}, once {@code count} are in. */
    private static String keys(Phone p, String callId, int count) {
        int[] heard = {0};
        p.process().awaitEvent("dtmf", e -> e.arg(0).equals(callId) && ++heard[0] == count, SIGNAL);
        return p.process().events().stream().filter(e -> e.name().equals("dtmf") && e.arg(0).equals(callId))
                .map(e -> e.arg(1)).collect(Collectors.joining());
    }
}
