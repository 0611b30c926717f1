package org.pippin.relay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.pippin.relay.CallTest.SECRET_A;
import static org.pippin.relay.CallTest.SECRET_B;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pippin.protocol.Bye;
import org.pippin.protocol.Wire;

class ShutdownTest {

    @TempDir
    Path dir;

    @Test
    void callsInProgressGetByeRelayShutdown() throws Exception {
        RelayFixture relay = new RelayFixture(dir);
        try (TestPhone a = TestPhone.udp(relay.port); TestPhone b = TestPhone.tcp(relay.port)) {
            a.register("555", SECRET_A);
            b.register("777", SECRET_B);
            CallTest.connect(a, b, 0xcafe, "777", "555");
            relay.close();
            assertEquals(Wire.BYE_RELAY_SHUTDOWN, a.expect(Bye.class).reason);
            Bye bye = b.expect(Bye.class);
            assertEquals(0xcafe, bye.callId);
            assertEquals(Wire.BYE_RELAY_SHUTDOWN, bye.reason);
            b.expectClosed();
        }
    }
}
