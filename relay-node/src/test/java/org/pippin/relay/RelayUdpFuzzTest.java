package org.pippin.relay;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.socket.DatagramPacket;
import io.netty.util.concurrent.ImmediateEventExecutor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import org.pippin.protocol.Answer;
import org.pippin.protocol.Frame;
import org.pippin.protocol.FrameCodec;
import org.pippin.protocol.Invite;
import org.pippin.protocol.ProtocolException;
import org.pippin.protocol.Register;
import org.pippin.protocol.VoicePacket;
import org.pippin.protocol.Wire;
import org.pippin.relay.geo.CountryFilter;

/**
 * The relay's UDP side fed arbitrary datagrams from three phones, mixed with well-formed REGISTER, INVITE and ANSWER
 * frames (so calls and voice channels exist to be disturbed) and clock steps with a fake clock. No exception escapes
 * the relay, the socket is never closed (UDP policy), everything the relay sends is a well-formed frame or a voice
 * packet, and every buffer is released.
 *
 * <p>{@link UdpHandler} logs whatever the relay throws (one phone's problem is never the socket's), so datagrams go to
 * the relay the way UdpHandler hands them over, and a sample of them through the handler itself on an
 * {@link EmbeddedChannel}, which must stay open.
 */
class RelayUdpFuzzTest {
    private static final InetSocketAddress[] PHONES = {
        new InetSocketAddress("192.0.2.1", 40000),
        new InetSocketAddress("198.51.100.7", 50000),
        new InetSocketAddress("203.0.113.9", 7070),
    };
    private static final String[] NUMBERS = {"555", "777", "96512345"};
    private static final Path DIR;

    static {
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        try {
            DIR = Files.createTempDirectory("pippin-fuzz");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        DIR.toFile().deleteOnExit();
    }

    @FuzzTest(maxDuration = "10s")
    void datagrams(FuzzedDataProvider in) throws Exception {
        FakeClock clock = new FakeClock();
        Counters counters = new Counters();
        Relay relay = new Relay(RelayConfig.of("data.dir=" + DIR), clock,
                new SecretStore(DIR, 10, Runnable::run, Runnable::run), counters, CountryFilter.unrestricted());
        EmbeddedChannel udp = new EmbeddedChannel(new UdpHandler(relay, counters, ImmediateEventExecutor.INSTANCE, clock));
        relay.setUdpEndpoints(address -> new UdpEndpoint(udp, address));
        int id = 1;
        try {
            while (in.remainingBytes() > 0) {
                int phone = in.consumeInt(0, PHONES.length - 1);
                InetSocketAddress from = PHONES[phone];
                switch (in.consumeInt(0, 5)) {
                    case 0:
                        clock.advanceSeconds(in.consumeInt(0, 120));
                        relay.tick();
                        break;
                    case 1:
                        send(relay, from, frame(new Register(NUMBERS[phone], new byte[] {1, 2, 3, 4, 5, 6, 7, 8}, 3), id++));
                        break;
                    case 2:
                        send(relay, from, frame(new Invite(in.consumeInt(), "", NUMBERS[in.consumeInt(0, 2)],
                            in.consumeInt(0, 3), 20 * in.consumeInt(1, 5), 0), id++));
                        break;
                    case 3:
                        send(relay, from, frame(new Answer(in.consumeInt(), in.consumeInt(0, 1), 20, 0), id++));
                        break;
                    case 4:
                        udp.writeInbound(new DatagramPacket(Unpooled.wrappedBuffer(in.consumeBytes(300)), null,
                            from));
                        break;
                    default:
                        send(relay, from, in.consumeBytes(in.consumeInt(0, 300)));
                        break;
                }
                drain(udp);
                assertTrue(udp.isOpen(), "the UDP socket was closed");
            }
        } finally {
            relay.shutdown();
            drain(udp);
            udp.finishAndReleaseAll();
        }
    }

    private static byte[] frame(Frame f, int id) {
        f.messageId = f.isReliable() ? id & 0xFFFF : 0;
        return FrameCodec.encode(f);
    }

    /** What {@link UdpHandler#channelRead0} does with a datagram, minus its catch-all. */
    private static void send(Relay relay, InetSocketAddress from, byte[] datagram) {
        if (datagram.length == 0) {
            return;
        }
        if (VoicePacket.isVoice(datagram, 0)) {
            ByteBuf b = Unpooled.wrappedBuffer(datagram);
            try {
                relay.onUdpVoice(from, b);
            } finally {
                b.release();
            }
        } else {
            relay.onUdpSignal(from, datagram);
        }
    }

    private static void drain(EmbeddedChannel udp) throws ProtocolException {
        for (Object o; (o = udp.readOutbound()) != null; ) {
            DatagramPacket p = (DatagramPacket) o;
            try {
                byte[] b = ByteBufUtil.getBytes(p.content());
                assertTrue(b.length > 0, "empty datagram sent");
                if (VoicePacket.isVoice(b, 0)) {
                    assertTrue(b.length >= VoicePacket.HEADER && VoicePacket.channel(b, 0) > 0, "bad voice sent");
                } else {
                    FrameCodec.decode(b, 0, b.length);
                }
                assertTrue(b.length <= Wire.MAX_FRAME || VoicePacket.isVoice(b, 0));
            } finally {
                p.release();
            }
        }
    }
}
