package org.pippin.relay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.pippin.relay.CallTest.SECRET_A;
import static org.pippin.relay.CallTest.SECRET_B;
import static org.pippin.relay.CallTest.SECRET_C;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pippin.protocol.ErrorFrame;
import org.pippin.protocol.Invite;
import org.pippin.protocol.Register;
import org.pippin.protocol.Wire;

/** The configured bounds hold, and what is refused is told so. */
class LimitsTest {

    @TempDir
    Path dir;

    @Test
    void callsBeyondTheLimitAreRejectedRelayFull() throws Exception {
        try (RelayFixture relay = new RelayFixture(dir, "limits.calls=1");
                TestPhone a = TestPhone.udp(relay.port); TestPhone b = TestPhone.udp(relay.port);
                TestPhone c = TestPhone.tcp(relay.port); TestPhone d = TestPhone.tcp(relay.port)) {
            a.register("555", SECRET_A);
            b.register("777", SECRET_B);
            c.register("888", SECRET_C);
            d.register("999", "secret-of-d".getBytes(StandardCharsets.US_ASCII));
            CallTest.connect(a, b, 1, "777", "555");
            c.send(new Invite(2, "", "999", TestPhone.GSM, 100, 0));
            CallTest.assertReject(c, 2, Wire.REJECT_RELAY_FULL);
        }
    }

    @Test
    void phonesBeyondTheLimitAreRefused() throws Exception {
        try (RelayFixture relay = new RelayFixture(dir, "limits.phones=2");
                TestPhone a = TestPhone.udp(relay.port); TestPhone b = TestPhone.udp(relay.port);
                TestPhone c = TestPhone.udp(relay.port)) {
            a.register("555", SECRET_A);
            b.register("777", SECRET_B);
            c.send(new Register("888", SECRET_C, TestPhone.GSM));
            assertEquals(Wire.ERR_LIMIT_REACHED, c.expect(ErrorFrame.class).code);
            // A phone already attached may still move to a new address.
            try (TestPhone a2 = TestPhone.udp(relay.port)) {
                a2.register("555", SECRET_A);
            }
            assertEquals(2, relay.server.attachedPhones());
        }
    }

    @Test
    void numbersBeyondTheLimitAreRefused() throws Exception {
        try (RelayFixture relay = new RelayFixture(dir, "limits.numbers=1");
                TestPhone a = TestPhone.udp(relay.port); TestPhone b = TestPhone.tcp(relay.port)) {
            a.register("555", SECRET_A);
            b.send(new Register("777", SECRET_B, TestPhone.GSM));
            assertEquals(Wire.ERR_LIMIT_REACHED, b.expect(ErrorFrame.class).code);
        }
    }
}
