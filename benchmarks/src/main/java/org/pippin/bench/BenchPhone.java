package org.pippin.bench;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.channels.DatagramChannel;
import java.util.ArrayDeque;
import org.pippin.protocol.Answer;
import org.pippin.protocol.Frame;
import org.pippin.protocol.Invite;
import org.pippin.protocol.ProtocolException;
import org.pippin.protocol.Register;
import org.pippin.protocol.Registered;
import org.pippin.protocol.ReliableLink;
import org.pippin.protocol.Ringing;
import org.pippin.protocol.SystemClock;
import org.pippin.protocol.VoicePacket;
import org.pippin.protocol.Wire;

/**
 * A Java SE phone reduced to what a benchmark needs: one UDP channel connected to the relay, the protocol's
 * ReliableLink for signalling (ACKs go out as frames are read), and blocking reads with a timeout while setting up.
 * No threads: the benchmark reads when it expects something, then switches the channel to non-blocking for load.
 */
final class BenchPhone implements AutoCloseable, ReliableLink.Output, ReliableLink.Listener {

    static final int TIMEOUT_MILLIS = 5000;

    final DatagramChannel channel;
    private final ReliableLink link;
    private final ArrayDeque<Frame> inbox = new ArrayDeque<>();
    private final byte[] buf = new byte[Wire.MAX_FRAME + 100];
    private final DatagramPacket packet = new DatagramPacket(buf, buf.length);

    BenchPhone(InetSocketAddress local, InetSocketAddress relay) throws IOException {
        channel = DatagramChannel.open();
        channel.bind(local);
        channel.connect(relay);
        link = new ReliableLink(this, this, SystemClock.INSTANCE, false);
    }

    void send(Frame f) throws IOException {
        link.send(f);
    }

    @Override
    public void transmit(byte[] b, int off, int len) throws IOException {
        channel.socket().send(new DatagramPacket(b, off, len));
    }

    /** Reads until a signalling frame of {@code type} arrives (voice and other frames are skipped). */
    <T extends Frame> T expect(Class<T> type) throws IOException {
        return type.cast(expectWithin(TIMEOUT_MILLIS, type));
    }

    /**
     * Reads until a signalling frame of one of {@code types} arrives (voice and other frames are skipped); an
     * IOException if none does within {@code millis}.
     */
    Frame expectWithin(long millis, Class<?>... types) throws IOException {
        long deadline = System.nanoTime() + millis * 1_000_000L;
        while (true) {
            Frame f = inbox.poll();
            if (f != null) {
                for (Class<?> type : types) {
                    if (type.isInstance(f)) {
                        return f;
                    }
                }
                continue;
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new IOException("no " + names(types) + " within " + millis + " ms");
            }
            try {
                channel.socket().setSoTimeout((int) Math.max(1, left / 1_000_000));
                channel.socket().receive(packet);
            } catch (SocketTimeoutException e) {
                throw new IOException("no " + names(types) + " within " + millis + " ms", e);
            }
            if (packet.getLength() > 0 && !VoicePacket.isVoice(buf, 0)) {
                try {
                    link.receive(buf, 0, packet.getLength());
                } catch (ProtocolException e) {
                    throw new IOException("bad frame from the relay", e);
                }
            }
        }
    }

    private static String names(Class<?>... types) {
        StringBuilder sb = new StringBuilder();
        for (Class<?> t : types) {
            sb.append(sb.length() == 0 ? "" : " or ").append(t.getSimpleName());
        }
        return sb.toString();
    }

    /** Reads datagrams until a voice packet arrives; returns its length in bytes (header included). */
    int receiveVoice() throws IOException {
        while (true) {
            channel.socket().receive(packet);
            if (packet.getLength() > 0 && VoicePacket.isVoice(buf, 0)) {
                return packet.getLength();
            }
            try {
                link.receive(buf, 0, packet.getLength());
            } catch (ProtocolException e) {
                throw new IOException("bad frame from the relay", e);
            }
        }
    }

    @Override
    public void onFrame(Frame f) {
        inbox.add(f);
    }

    @Override
    public void onUndelivered(Frame f) {
        throw new IllegalStateException("benchmark phones never retransmit: " + f);
    }

    void register(String number) throws IOException {
        send(new Register(number, number.getBytes(java.nio.charset.StandardCharsets.US_ASCII), codecs()));
        Registered r = expect(Registered.class);
        if (!r.number.equals(number)) {
            throw new IOException("registered " + r.number + ", asked for " + number);
        }
    }

    static int codecs() {
        return 1 << Wire.CODEC_GSM | 1 << Wire.CODEC_PCMU | 1 << Wire.CODEC_SPEEX;
    }

    /**
     * {@code caller} calls {@code callee} (which rings and answers at once) with {@code codec} at {@code ptime} ms.
     * Returns {caller's channel, callee's channel, nanos to ringing, nanos to answer}.
     */
    static long[] call(BenchPhone caller, BenchPhone callee, int callId, String calleeNumber, int codec, int ptime)
            throws IOException {
        long t0 = System.nanoTime();
        caller.send(new Invite(callId, "", calleeNumber, 1 << codec, ptime, 0));
        Invite in = callee.expect(Invite.class);
        callee.send(new Ringing(callId));
        caller.expect(Ringing.class);
        long ringing = System.nanoTime() - t0;
        callee.send(new Answer(callId, codec, ptime, 0));
        Answer ans = caller.expect(Answer.class);
        long answered = System.nanoTime() - t0;
        return new long[] {ans.channel, in.channel, ringing, answered};
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
