package org.pippin.relay;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.socket.DatagramPacket;
import io.netty.util.concurrent.ImmediateEventExecutor;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pippin.protocol.Ack;
import org.pippin.protocol.Answer;
import org.pippin.protocol.Frame;
import org.pippin.protocol.FrameCodec;
import org.pippin.protocol.Invite;
import org.pippin.protocol.Register;
import org.pippin.protocol.Registered;
import org.pippin.protocol.Ringing;
import org.pippin.protocol.VoicePacket;
import org.pippin.protocol.Wire;
import org.pippin.relay.geo.CountryFilter;

/** UdpHandler and Relay on an EmbeddedChannel: what goes out for each datagram, and whose buffer it is. */
class UdpHandlerTest {

    static final InetSocketAddress A = new InetSocketAddress("192.0.2.1", 40000);
    static final InetSocketAddress B = new InetSocketAddress("198.51.100.7", 50000);

    @TempDir
    Path dir;
    final Counters counters = new Counters();
    EmbeddedChannel udp;
    int nextId = 1;

    @BeforeEach
    void setUp() throws Exception {
        RelayConfig config = RelayConfig.of("data.dir=" + dir);
        FakeClock clock = new FakeClock();
        Relay relay = new Relay(config, clock, new SecretStore(dir, 10, Runnable::run, Runnable::run),
                counters, CountryFilter.unrestricted());
        udp = new EmbeddedChannel(new UdpHandler(relay, counters, ImmediateEventExecutor.INSTANCE, clock));
        relay.setUdpEndpoints(address -> new UdpEndpoint(udp, address));
    }

    private void receive(InetSocketAddress from, Frame f) {
        f.messageId = f.isReliable() ? nextId++ : 0;
        udp.writeInbound(new DatagramPacket(Unpooled.wrappedBuffer(FrameCodec.encode(f)), null, from));
    }

    /** The next datagram the relay sent, decoded; checks it went to {@code to}. */
    private Frame sent(InetSocketAddress to) throws Exception {
        DatagramPacket p = udp.readOutbound();
        try {
            assertEquals(to, p.recipient());
            byte[] bytes = ByteBufUtil.getBytes(p.content());
            return FrameCodec.decode(bytes, 0, bytes.length);
        } finally {
            p.release();
        }
    }

    private <T extends Frame> T sentReliable(InetSocketAddress to, Class<T> type) throws Exception {
        T f = assertInstanceOf(type, sent(to));
        udp.writeInbound(new DatagramPacket(Unpooled.wrappedBuffer(FrameCodec.encode(new Ack(f.messageId))), null,
                to));
        return f;
    }

    @Test
    void registerIsAcknowledgedThenAnswered() throws Exception {
        receive(A, new Register("555", new byte[] {1, 2, 3, 4, 5, 6, 7, 8}, 2));
        assertEquals(1, assertInstanceOf(Ack.class, sent(A)).messageId);
        Registered r = assertInstanceOf(Registered.class, sent(A));
        assertEquals("555", r.number);
        assertEquals(Wire.DEFAULT_KEEPALIVE_SECONDS, r.keepaliveSeconds);
        assertNull(udp.readOutbound());
    }

    @Test
    void emptyAndStrayDatagramsAreCountedAndReleased() {
        ByteBuf empty = Unpooled.buffer(0);
        udp.writeInbound(new DatagramPacket(empty, null, A));
        assertEquals(1, counters.get(Counters.Name.MALFORMED));
        assertEquals(0, empty.refCnt());

        byte[] voice = new byte[VoicePacket.HEADER + 33];
        VoicePacket.writeHeader(voice, 0, 5, 1);
        ByteBuf stray = Unpooled.wrappedBuffer(voice);
        udp.writeInbound(new DatagramPacket(stray, null, A));
        assertEquals(1, counters.get(Counters.Name.VOICE_DROPPED_UNKNOWN_CHANNEL));
        assertEquals(0, stray.refCnt(), "dropped packets are released");
        assertNull(udp.readOutbound());
    }

    @Test
    void voiceIsForwardedInTheReceivedBufferWithTheChannelRewritten() throws Exception {
        receive(A, new Register("555", new byte[] {1, 1, 1, 1, 1, 1, 1, 1}, 2));
        sent(A);
        sentReliable(A, Registered.class);
        receive(B, new Register("777", new byte[] {2, 2, 2, 2, 2, 2, 2, 2}, 2));
        sent(B);
        sentReliable(B, Registered.class);
        receive(A, new Invite(99, "", "777", 2, 20, 0));
        sent(A);
        int calleeChannel = sentReliable(B, Invite.class).channel;
        receive(B, new Ringing(99));
        sent(B);
        sentReliable(A, Ringing.class);
        receive(B, new Answer(99, Wire.CODEC_GSM, 20, 0));
        sent(B);
        int callerChannel = sentReliable(A, Answer.class).channel;

        byte[] voice = new byte[VoicePacket.HEADER + 33];
        VoicePacket.writeHeader(voice, 0, callerChannel, 4242);
        voice[VoicePacket.HEADER] = (byte) 0xD7;
        ByteBuf in = Unpooled.wrappedBuffer(voice.clone());
        udp.writeInbound(new DatagramPacket(in, null, A));
        DatagramPacket out = udp.readOutbound();
        assertSame(in, out.content(), "the received buffer itself goes out");
        assertEquals(B, out.recipient());
        byte[] expected = voice.clone();
        VoicePacket.setChannel(expected, 0, calleeChannel);
        assertArrayEquals(expected, ByteBufUtil.getBytes(out.content()));
        out.release();
        assertEquals(0, in.refCnt());
        assertEquals(1, counters.get(Counters.Name.VOICE_FORWARDED));
    }
}
