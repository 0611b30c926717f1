package org.pippin.relay;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import org.pippin.protocol.FrameCodec;
import org.pippin.protocol.ProtocolException;
import org.pippin.protocol.StreamFramer;
import org.pippin.protocol.VoicePacket;
import org.pippin.protocol.Wire;
import org.pippin.relay.geo.CountryFilter;

/**
 * A phone's TCP connection ({@link StreamFrameDecoder} then {@link StreamHandler}, as RelayServer builds it) fed an
 * arbitrary byte stream in arbitrary pieces, with clock steps between them. No exception reaches the end of the
 * pipeline, everything sent back is length-prefixed frames, and a framing error closes the connection (TCP policy).
 */
class RelayTcpFuzzTest {
    private static final InetSocketAddress PHONE = new InetSocketAddress("192.0.2.1", 40000);
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

    /** An EmbeddedChannel whose peer has an IP address, as the relay's sessions need. */
    private static final class PhoneChannel extends EmbeddedChannel {
        PhoneChannel(Relay relay) {
            super(new StreamFrameDecoder(Wire.MAX_FRAME), new StreamHandler(relay));
        }

        @Override
        protected SocketAddress remoteAddress0() {
            return PHONE;
        }
    }

    @FuzzTest(maxDuration = "10s")
    void stream(FuzzedDataProvider in) throws Exception {
        FakeClock clock = new FakeClock();
        Relay relay = new Relay(RelayConfig.of("data.dir=" + DIR), clock,
                new SecretStore(DIR, 10, Runnable::run, Runnable::run), new Counters(), CountryFilter.unrestricted());
        PhoneChannel tcp = new PhoneChannel(relay);
        byte[] received = new byte[0];
        try {
            while (in.remainingBytes() > 0 && tcp.isOpen()) {
                if (in.consumeInt(0, 7) == 0) {
                    clock.advanceSeconds(in.consumeInt(0, 120));
                    relay.tick();
                } else {
                    byte[] piece = in.consumeBytes(in.consumeInt(1, 200));
                    received = concat(received, piece);
                    tcp.writeInbound(Unpooled.wrappedBuffer(piece));
                }
                tcp.checkException();
                drain(tcp);
            }
            if (badPrefix(received)) {
                assertFalse(tcp.isOpen(), "a framing error left the connection open");
            }
        } finally {
            relay.shutdown();
            tcp.finishAndReleaseAll();
        }
    }

    /** Whether the stream holds a length prefix of 0 or above the maximum at a frame boundary. */
    private static boolean badPrefix(byte[] s) {
        int pos = 0;
        while (s.length - pos >= StreamFramer.PREFIX) {
            int length = (s[pos] & 0xFF) << 8 | s[pos + 1] & 0xFF;
            if (length == 0 || length > Wire.MAX_FRAME) {
                return true;
            }
            pos += StreamFramer.PREFIX + length;
        }
        return false;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] c = new byte[a.length + b.length];
        System.arraycopy(a, 0, c, 0, a.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }

    /** Everything written back must be whole length-prefixed frames. */
    private static void drain(EmbeddedChannel tcp) throws ProtocolException {
        for (Object o; (o = tcp.readOutbound()) != null; ) {
            ByteBuf b = (ByteBuf) o;
            try {
                byte[] bytes = ByteBufUtil.getBytes(b);
                int pos = 0;
                while (pos < bytes.length) {
                    assertTrue(bytes.length - pos >= StreamFramer.PREFIX, "half a length prefix sent");
                    int length = (bytes[pos] & 0xFF) << 8 | bytes[pos + 1] & 0xFF;
                    pos += StreamFramer.PREFIX;
                    assertTrue(length > 0 && bytes.length - pos >= length, "frame cut short");
                    if (!VoicePacket.isVoice(bytes, pos)) {
                        FrameCodec.decode(bytes, pos, length);
                    }
                    pos += length;
                }
            } finally {
                b.release();
            }
        }
    }
}
