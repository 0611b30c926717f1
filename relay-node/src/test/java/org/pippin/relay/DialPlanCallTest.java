package org.pippin.relay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.pippin.relay.CallTest.SECRET_A;
import static org.pippin.relay.CallTest.SECRET_B;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pippin.protocol.Invite;
import org.pippin.protocol.Wire;

/** The default dial plan (+965, 8-digit national numbers) through real sockets: external numbers never ring. */
class DialPlanCallTest {

    @TempDir
    Path dir;
    RelayFixture relay;

    @BeforeEach
    void start() throws Exception {
        relay = new RelayFixture(dir);
    }

    @AfterEach
    void stop() {
        relay.close();
    }

    @Test
    void externalNumbersAreSettledBeforeAnythingRings() throws Exception {
        try (TestPhone a = TestPhone.udp(relay.port); TestPhone b = TestPhone.udp(relay.port)) {
            a.register("555", SECRET_A);
            b.register("96512345", SECRET_B);

            a.send(new Invite(1, "", "+14155550100", TestPhone.GSM, 100, 0));
            CallTest.assertReject(a, 1, Wire.REJECT_NOT_ALLOWED);
            a.send(new Invite(2, "", "+96512345678", TestPhone.GSM, 100, 0));
            CallTest.assertReject(a, 2, Wire.REJECT_UNAVAILABLE);
            a.send(new Invite(3, "", "+9651234", TestPhone.GSM, 100, 0));
            CallTest.assertReject(a, 3, Wire.REJECT_NOT_IN_SERVICE);
            assertNull(b.frames.poll(200, TimeUnit.MILLISECONDS), "nothing reached B");
            assertEquals(0, relay.counter(Counters.Name.CALLS_STARTED));

            // A Pippin number still rings.
            CallTest.connect(a, b, 4, "96512345", "555");
            assertEquals(1, relay.counter(Counters.Name.CALLS_STARTED));
        }
    }

    @Test
    void withoutACountryCodeNoExternalNumberIsAllowed() throws Exception {
        relay.close();
        relay = new RelayFixture(dir, "dialplan.country.code=", "dialplan.national.lengths=");
        try (TestPhone a = TestPhone.udp(relay.port)) {
            a.register("555", SECRET_A);
            a.send(new Invite(1, "", "+96512345678", TestPhone.GSM, 100, 0));
            CallTest.assertReject(a, 1, Wire.REJECT_NOT_ALLOWED);
        }
    }
}
