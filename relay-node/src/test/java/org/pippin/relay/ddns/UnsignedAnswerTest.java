package org.pippin.relay.ddns;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.pippin.relay.RelayConfig;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Opcode;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Section;

/** A server on the path that says NOERROR without our key's signature is not believed. */
class UnsignedAnswerTest {

    @Test
    void anUnsignedNoerrorIsNotSuccess() throws Exception {
        try (DatagramSocket fake = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0))) {
            Thread server = new Thread(() -> answerUnsigned(fake, 3), "fake-dns");
            server.setDaemon(true);
            server.start();
            DdnsService s = DdnsService.create(RelayConfig.load(null, List.of("ddns.protocol=rfc2136",
                    "ddns.name=relay1.pippin.test", "ddns.server=127.0.0.1:" + fake.getLocalPort(),
                    "ddns.zone=pippin.test", "ddns.tsig.name=relay-key", "ddns.tsig.secret=" + DdnsConfigTest.SECRET,
                    "ddns.address.fixed=203.0.113.7")).ddns, () -> 0L, 7070);
            s.tick();
            assertEquals(DdnsStatus.RETRYING, s.status().state());
            assertEquals("update answer not verified with our TSIG key (unsigned)", s.status().lastError());
            server.join(5000);
        }
    }

    /** Answers {@code count} requests (two SRV queries, one update): NXDOMAIN to queries, NOERROR to updates, never signed. */
    private static void answerUnsigned(DatagramSocket socket, int count) {
        byte[] buf = new byte[4096];
        try {
            for (int i = 0; i < count; i++) {
                DatagramPacket p = new DatagramPacket(buf, buf.length);
                socket.receive(p);
                Message q = new Message(Arrays.copyOf(p.getData(), p.getLength()));
                Message r = new Message(q.getHeader().getID());
                r.getHeader().setFlag(Flags.QR);
                r.getHeader().setOpcode(q.getHeader().getOpcode());
                r.getHeader().setRcode(q.getHeader().getOpcode() == Opcode.UPDATE ? Rcode.NOERROR : Rcode.NXDOMAIN);
                r.addRecord(q.getQuestion(), Section.QUESTION);
                byte[] out = r.toWire();
                socket.send(new DatagramPacket(out, out.length, p.getSocketAddress()));
            }
        } catch (IOException e) {
            throw new IllegalStateException("fake DNS server", e);
        }
    }
}
