package org.pippin.relay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.socket.DatagramPacket;
import io.netty.util.concurrent.ImmediateEventExecutor;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Queue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pippin.protocol.Ack;
import org.pippin.protocol.Frame;
import org.pippin.protocol.FrameCodec;
import org.pippin.protocol.Register;
import org.pippin.protocol.Registered;
import org.pippin.relay.geo.CountryFilter;

/**
 * A NAT gives a phone's old address and port to another phone, whose REGISTER of a new number waits for the disk,
 * while the first phone's number moves to its new address. The relay used to close the old address's session with
 * the move and drop the second phone's answer (it had its ACK, so it never asked again); found by the setup benchmark
 * (closed sockets' ports reused by new ones). The writes are held in a queue, so the order is the test's.
 */
class MovedNumberRaceTest {

    static final InetSocketAddress X = new InetSocketAddress("192.0.2.1", 40000);
    static final InetSocketAddress Y = new InetSocketAddress("192.0.2.9", 41000);

    @TempDir
    Path dir;
    private final Queue<Runnable> writes = new ArrayDeque<>();
    private EmbeddedChannel udp;
    private int nextId = 100;

    private void receive(InetSocketAddress from, Frame f) {
        f.messageId = nextId++;
        udp.writeInbound(new DatagramPacket(Unpooled.wrappedBuffer(FrameCodec.encode(f)), null, from));
    }

    private Frame sent(InetSocketAddress to) throws Exception {
        DatagramPacket p = udp.readOutbound();
        assertNotNull(p, "nothing sent to " + to);
        try {
            assertEquals(to, p.recipient());
            byte[] bytes = ByteBufUtil.getBytes(p.content());
            return FrameCodec.decode(bytes, 0, bytes.length);
        } finally {
            p.release();
        }
    }

    private Registered registered(InetSocketAddress to) throws Exception {
        Registered r = assertInstanceOf(Registered.class, sent(to));
        receive(to, new Ack(r.messageId));
        nextId--; // an ACK carries the id it acknowledges, not one of ours
        return r;
    }

    @Test
    void aRegisterInFlightAtAnAddressWhoseNumberMovesIsStillAnswered() throws Exception {
        Counters counters = new Counters();
        FakeClock clock = new FakeClock();
        Relay relay = new Relay(RelayConfig.of("data.dir=" + dir, "registrar.enabled=false"), clock,
                new SecretStore(dir, 10, Runnable::run, writes::add), counters, CountryFilter.unrestricted());
        udp = new EmbeddedChannel(new UdpHandler(relay, counters, ImmediateEventExecutor.INSTANCE, clock));
        relay.setUdpEndpoints(address -> new UdpEndpoint(udp, address));
        byte[] one = {1, 1, 1, 1, 1, 1, 1, 1};
        byte[] two = {2, 2, 2, 2, 2, 2, 2, 2};

        receive(X, new Register("555", one, 2));
        assertInstanceOf(Ack.class, sent(X));
        writes.poll().run();
        assertEquals("555", registered(X).number);

        // Another phone now has X: its new number waits for the disk.
        receive(X, new Register("777", two, 2));
        assertInstanceOf(Ack.class, sent(X));
        assertNull(udp.readOutbound());
        // The first phone, from its new address, takes 555 along.
        receive(Y, new Register("555", one, 2));
        assertInstanceOf(Ack.class, sent(Y));
        assertEquals("555", registered(Y).number);

        writes.poll().run();
        assertEquals("777", registered(X).number, "the phone at X gets its answer");
        assertNull(udp.readOutbound());
    }
}
