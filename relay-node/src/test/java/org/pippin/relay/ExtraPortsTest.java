package org.pippin.relay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.pippin.relay.CallTest.SECRET_A;
import static org.pippin.relay.CallTest.SECRET_B;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Extra TCP listeners for phones whose carrier blocks the main port. */
class ExtraPortsTest {

    @TempDir
    Path dir;

    @Test
    void aPhoneOnTheExtraPortCallsAPhoneOnTheMainPort() throws Exception {
        try (RelayFixture relay = new RelayFixture(dir, "listen.tcp.extra.ports=0")) {
            List<Integer> extra = relay.server.tcpExtraPorts();
            assertEquals(1, extra.size());
            assertNotEquals(relay.port, extra.get(0));
            try (TestPhone a = TestPhone.tcp(extra.get(0)); TestPhone b = TestPhone.udp(relay.port)) {
                a.register("555", SECRET_A);
                b.register("777", SECRET_B);
                int[] ch = CallTest.connect(a, b, 11, "777", "555");
                CallTest.voiceArrives(a, ch[0], b, ch[1], 1);
                CallTest.voiceArrives(b, ch[1], a, ch[0], 2);
            }
        }
    }

    @Test
    void aPortThatCannotBeBoundIsSkipped() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
             RelayFixture relay = new RelayFixture(dir, "listen.tcp.extra.ports=" + taken.getLocalPort() + ",0")) {
            List<Integer> extra = relay.server.tcpExtraPorts();
            assertEquals(1, extra.size(), "the taken port is left out, the free one is bound");
            assertNotEquals(taken.getLocalPort(), extra.get(0));
            try (TestPhone a = TestPhone.tcp(relay.port)) {
                a.register("555", SECRET_A);
            }
        }
    }
}
