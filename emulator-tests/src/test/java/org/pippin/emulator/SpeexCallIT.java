package org.pippin.emulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The low-bandwidth codec end to end: two MIDlets in MicroEmulator set to {@code Pippin-Codec: speex} call through a
 * real relay; each sends its tone sequence through the Speex encoder on the phone, each recording (Speex decoder on
 * the phone) must hold the other's sequence. A's UDP tap measures the voice packets on the wire: 83 bytes of sealed
 * payload each (4 header + 5 × 15 Speex + 4 tag), 8.88 kbit/s with IPv4/UDP.
 */
class SpeexCallIT {
    @RegisterExtension
    final Testbed bed = new Testbed();

    @Test
    void speexPhonesTalkBothWays_under10kbps() throws IOException {
        Relay relay = bed.relay("relay");
        Phone b = bed.phone("phoneB", "2002").relay(relay).autoAnswer("answer").attribute("Pippin-Codec", "speex")
                .send(ToneSequence.render(CallIT.B_TO_A)).start();
        assertEquals("2002 udp", String.join(" ", b.await("registered", Testbed.START).args()));
        UdpTap tap = bed.tap("tapA", relay);
        Phone a = bed.phone("phoneA", "1001").relay(tap).dial("2002").hangUpAtEndOfAudio()
                .attribute("Pippin-Codec", "speex").send(ToneSequence.render(CallIT.A_TO_B)).start();
        assertEquals("1001 udp", String.join(" ", a.await("registered", Testbed.START).args()));

        CallIT.Call call = CallIT.call(a, b);

        assertEquals("SPEEX 100 e2e", call.answeredA().arg(1) + " " + call.answeredA().arg(2) + " "
                + call.answeredA().arg(3), call.answeredA()::toString);
        CallIT.report(call, relay, UdpTap.IP_UDP_HEADER_BYTES, UdpTap.IP_UDP_HEADER_BYTES);
        CallIT.checkAudio(a, b, call);

        int sealed = 4 + 5 * 15 + 4;
        for (UdpTap.Flow flow : new UdpTap.Flow[] {tap.up(), tap.down()}) {
            assertTrue(flow.voicePackets() > 0, flow::toString);
            assertEquals(flow.voicePackets() * sealed, flow.voiceBytes(), "every voice packet is " + sealed + " B");
        }
        double kbps = (sealed + UdpTap.IP_UDP_HEADER_BYTES) * 8 / 100.0;
        System.out.printf(Locale.ROOT, "Speex on the wire at A: %d B payload per 100 ms packet, %.2f kbit/s per"
                + " direction with IPv4/UDP; up %s; down %s%n", sealed, kbps, tap.up(), tap.down());
        assertTrue(kbps <= 10, kbps + " kbit/s");
    }
}
