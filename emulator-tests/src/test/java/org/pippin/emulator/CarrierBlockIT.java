package org.pippin.emulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A carrier that blocks Pippin, played by a real firewall: phone A sits in a network namespace of its own whose
 * iptables drop UDP to the relay and TCP to the relay's main port; only TCP 443 gets through. The relay, in a second
 * namespace joined to A's by a veth pair, listens on its main port and on 443; phone B runs beside the relay and
 * uses UDP. A ({@code Pippin-Transport: auto}, {@code Pippin-Fallback-Ports: 443} from the built JAD) must give up
 * on UDP, then on TCP to the main port, end on TCP 443, call B and be heard both ways.
 */
class CarrierBlockIT {
    private static final int RELAY_PORT = 7070;
    private static final Pattern DROPPED = Pattern.compile("^\\s*(\\d+)\\s+\\d+\\s+DROP\\s+(\\d+)", Pattern.MULTILINE);

    @RegisterExtension
    final Testbed bed = new Testbed();

    @Test
    void callerBehindAFirewallEndsOnTcp443_andTalksToAPhoneOnUdp() throws IOException {
        TestNetwork net = bed.network();
        TestNetwork.Host relayHost = net.host("relay");
        TestNetwork.Host carrier = net.host("phoneA");
        net.link(relayHost, carrier);
        String relayAddress = relayHost.address();
        carrier.firewall("-A", "OUTPUT", "-d", relayAddress, "-p", "udp", "-j", "DROP");
        carrier.firewall("-A", "OUTPUT", "-d", relayAddress, "-p", "tcp", "--dport", String.valueOf(RELAY_PORT),
                "-j", "DROP");

        // The relay has the namespace to itself: fixed ports, all addresses (A's is private, which it serves).
        Relay relay = bed.relay("relay", relayHost, "listen.address=0.0.0.0", "listen.port=" + RELAY_PORT,
                "listen.tcp.extra.ports=443");
        assertEquals(List.of(443), relay.tcpExtraPorts(), "the relay listens on 443");
        Phone b = bed.phone("phoneB", "2002").in(relayHost).attribute("Pippin-Relay", "127.0.0.1:" + RELAY_PORT)
                .autoAnswer("answer").send(ToneSequence.render(CallIT.B_TO_A)).start();
        assertEquals("2002 udp", String.join(" ", b.await("registered", Testbed.START).args()));

        Phone a = bed.phone("phoneA", "1001").in(carrier).attribute("Pippin-Relay", relayAddress + ":" + RELAY_PORT)
                .attribute("Pippin-Transport", "auto").dial("2002").hangUpAtEndOfAudio()
                .send(ToneSequence.render(CallIT.A_TO_B)).start();
        // 7 s for UDP, 15 s for TCP to the main port, then 443.
        Event registered = a.await("registered", Testbed.START.plusSeconds(30));
        assertEquals("1001 tcp:443", String.join(" ", registered.args()));
        assertTrue(a.process().findLine(l -> l.contains("trying tcp:443")).isPresent(),
                "A went through the TCP rung on the main port first");

        String counters = carrier.firewallCounters();
        System.out.println("phone A's firewall:\n" + counters);
        Matcher m = DROPPED.matcher(counters);
        int rules = 0;
        while (m.find()) {
            rules++;
            assertTrue(Long.parseLong(m.group(1)) > 0, "the firewall dropped nothing for protocol " + m.group(2)
                    + ":\n" + counters);
        }
        assertEquals(2, rules, counters);

        CallIT.Call call = CallIT.call(a, b);
        CallIT.checkAudio(a, b, call);
    }
}
