package org.pippin.relay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.pippin.protocol.Frame;
import org.pippin.protocol.Keepalive;
import org.pippin.protocol.ProtocolException;
import org.pippin.protocol.Register;
import org.pippin.protocol.Registered;
import org.pippin.protocol.ReliableLink;
import org.pippin.protocol.StreamFramer;
import org.pippin.protocol.SystemClock;
import org.pippin.protocol.VoicePacket;
import org.pippin.protocol.Wire;

/**
 * A Java SE phone for tests: a UDP or TCP socket, the protocol's ReliableLink for signalling (ACKs are sent by the
 * reader thread as frames arrive), and queues of what arrived. Never retransmits (loopback does not lose packets).
 */
final class TestPhone implements AutoCloseable, ReliableLink.Output, ReliableLink.Listener {

    static final long WAIT_SECONDS = 5;
    static final int GSM = 1 << Wire.CODEC_GSM;
    static final int PCMU = 1 << Wire.CODEC_PCMU;

    private final DatagramSocket udp;
    private final InetSocketAddress relay;
    private final Socket tcp;
    private final OutputStream tcpOut;
    private final ReliableLink link;
    private volatile boolean acking;
    private final Thread reader;
    final BlockingQueue<Frame> frames = new LinkedBlockingQueue<>();
    final BlockingQueue<byte[]> voice = new LinkedBlockingQueue<>();
    private volatile boolean closed;
    /** While set (under the link's lock): datagrams go here instead of onto the socket. */
    private List<byte[]> held;

    private TestPhone(DatagramSocket udp, Socket tcp, int port) throws IOException {
        this.udp = udp;
        this.tcp = tcp;
        // The relay listens on 127.0.0.1 whatever loopback address the phone speaks from.
        this.relay = new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
        this.tcpOut = tcp == null ? null : tcp.getOutputStream();
        this.acking = true;
        this.link = new ReliableLink(this, this, SystemClock.INSTANCE, tcp != null);
        this.reader = new Thread(tcp == null ? this::readUdp : this::readTcp, "test-phone");
        reader.setDaemon(true);
        reader.start();
    }

    static TestPhone udp(int port) throws IOException {
        return new TestPhone(new DatagramSocket(0, InetAddress.getLoopbackAddress()), null, port);
    }

    /** From now on acknowledges nothing: the relay's frames to it go undelivered. */
    void deafen() {
        acking = false;
    }

    /** A UDP phone speaking from {@code local} (e.g. 127.0.0.2: any 127/8 address is this machine). */
    static TestPhone udpFrom(InetAddress local, int port) throws IOException {
        return new TestPhone(new DatagramSocket(0, local), null, port);
    }

    /** A TCP phone connecting from {@code local}. */
    static TestPhone tcpFrom(InetAddress local, int port) throws IOException {
        Socket s = new Socket(InetAddress.getLoopbackAddress(), port, local, 0);
        s.setTcpNoDelay(true);
        return new TestPhone(null, s, port);
    }

    static TestPhone tcp(int port) throws IOException {
        Socket s = new Socket(InetAddress.getLoopbackAddress(), port);
        s.setTcpNoDelay(true);
        return new TestPhone(null, s, port);
    }

    // ---- sending ----

    void send(Frame f) throws IOException {
        synchronized (link) {
            link.send(f);
        }
    }

    /**
     * Sends {@code first}, then {@code later}, as reliable frames with their message ids in that order, but the
     * datagram of {@code first} last: what the relay sees when {@code first} was lost and its retransmission came
     * after the others. UDP only.
     */
    void sendOvertaken(Frame first, Frame... later) throws IOException {
        if (tcp != null) {
            throw new IllegalStateException("a TCP stream keeps frames in order");
        }
        List<byte[]> datagrams = new ArrayList<>();
        synchronized (link) {
            held = datagrams;
            try {
                link.send(first);
                for (Frame f : later) {
                    link.send(f);
                }
            } finally {
                held = null;
            }
        }
        assertEquals(1 + later.length, datagrams.size(), "one datagram per frame");
        for (int i = 1; i < datagrams.size(); i++) {
            sendRaw(datagrams.get(i));
        }
        sendRaw(datagrams.get(0));
    }

    @Override
    public void transmit(byte[] buf, int off, int len) throws IOException {
        if (held != null) {
            held.add(Arrays.copyOfRange(buf, off, off + len));
            return;
        }
        if (!acking && len == Wire.HEADER && buf[off + 1] == Wire.ACK) {
            return;
        }
        if (tcp != null) {
            byte[] framed = new byte[StreamFramer.PREFIX + len];
            StreamFramer.writePrefix(framed, 0, len);
            System.arraycopy(buf, off, framed, StreamFramer.PREFIX, len);
            sendRaw(framed);
        } else {
            udp.send(new DatagramPacket(buf, off, len, relay));
        }
    }

    /** Bytes as they are: one datagram, or raw bytes on the TCP stream (no prefix added). */
    void sendRaw(byte[] bytes) throws IOException {
        if (tcp != null) {
            synchronized (tcpOut) {
                tcpOut.write(bytes);
                tcpOut.flush();
            }
        } else {
            udp.send(new DatagramPacket(bytes, bytes.length, relay));
        }
    }

    void sendVoice(int channel, int seq, byte[] payload) throws IOException {
        byte[] packet = new byte[VoicePacket.HEADER + payload.length];
        VoicePacket.writeHeader(packet, 0, channel, seq);
        System.arraycopy(payload, 0, packet, VoicePacket.HEADER, payload.length);
        if (tcp != null) {
            byte[] framed = new byte[StreamFramer.PREFIX + packet.length];
            StreamFramer.writePrefix(framed, 0, packet.length);
            System.arraycopy(packet, 0, framed, StreamFramer.PREFIX, packet.length);
            sendRaw(framed);
        } else {
            sendRaw(packet);
        }
    }

    Registered register(String number, byte[] secret) throws Exception {
        return register(number, secret, GSM | PCMU);
    }

    Registered register(String number, byte[] secret, int codecMask) throws Exception {
        send(new Register(number, secret, codecMask));
        Registered r = expect(Registered.class);
        assertEquals(number, r.number);
        return r;
    }

    /**
     * A KEEPALIVE round trip: the relay has then handled every frame this phone sent before it, its ACKs too, so what
     * the relay sends it next is not held back for an address that has not yet proved it receives (with a fake
     * clock nothing held back would ever be sent again).
     */
    void roundTrip() throws Exception {
        send(new Keepalive(Keepalive.PHONE_PADDING));
        expect(Keepalive.class);
    }

    // ---- receiving ----

    /** The next signalling frame, which must be a {@code type}. */
    <T extends Frame> T expect(Class<T> type) throws InterruptedException {
        Frame f = frames.poll(WAIT_SECONDS, TimeUnit.SECONDS);
        assertNotNull(f, "no " + type.getSimpleName() + " within " + WAIT_SECONDS + " s");
        return assertInstanceOf(type, f, "expected " + type.getSimpleName() + ", got " + f);
    }

    /** The next voice packet (header and payload). */
    byte[] expectVoice() throws InterruptedException {
        byte[] v = voice.poll(WAIT_SECONDS, TimeUnit.SECONDS);
        assertNotNull(v, "no voice packet within " + WAIT_SECONDS + " s");
        return v;
    }

    /** Waits until the relay closes the TCP connection. */
    void expectClosed() throws InterruptedException {
        reader.join(TimeUnit.SECONDS.toMillis(WAIT_SECONDS));
        if (reader.isAlive()) {
            fail("relay did not close the connection");
        }
    }

    @Override
    public void onFrame(Frame f) {
        frames.add(f);
    }

    @Override
    public void onUndelivered(Frame f) {
        fail("test phone never retransmits, so nothing can be undelivered: " + f);
    }

    private void deliver(byte[] buf, int len) {
        if (len > 0 && VoicePacket.isVoice(buf, 0)) {
            voice.add(Arrays.copyOf(buf, len));
            return;
        }
        try {
            synchronized (link) {
                link.receive(buf, 0, len);
            }
        } catch (ProtocolException | IOException e) {
            frames.add(new org.pippin.protocol.ErrorFrame(Wire.ERR_MALFORMED, "test phone got bad frame: " + e));
        }
    }

    private void readUdp() {
        byte[] buf = new byte[Wire.MAX_FRAME + 100];
        DatagramPacket p = new DatagramPacket(buf, buf.length);
        while (!closed) {
            try {
                udp.receive(p);
                deliver(buf, p.getLength());
            } catch (IOException e) {
                return; // socket closed by close()
            }
        }
    }

    private void readTcp() {
        try {
            InputStream in = tcp.getInputStream();
            DataInputStream data = new DataInputStream(in);
            byte[] buf = new byte[Wire.MAX_FRAME];
            while (!closed) {
                int len = data.readUnsignedShort();
                data.readFully(buf, 0, len);
                deliver(buf, len);
            }
        } catch (EOFException | SocketException e) {
            // The relay (or close()) ended the connection: expectClosed() observes the thread ending.
        } catch (IOException e) {
            frames.add(new org.pippin.protocol.ErrorFrame(Wire.ERR_MALFORMED, "test phone read failed: " + e));
        }
    }

    @Override
    public void close() throws IOException {
        closed = true;
        if (udp != null) {
            udp.close();
        }
        if (tcp != null) {
            tcp.close();
        }
    }
}
