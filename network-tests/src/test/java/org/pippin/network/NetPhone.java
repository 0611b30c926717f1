package org.pippin.network;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.pippin.identity.CallerIdProof;
import org.pippin.identity.Claim;
import org.pippin.identity.IdentityKey;
import org.pippin.identity.LoginProof;
import org.pippin.identity.ProofOfWork;
import org.pippin.protocol.Challenge;
import org.pippin.protocol.ErrorFrame;
import org.pippin.protocol.Frame;
import org.pippin.protocol.Hello;
import org.pippin.protocol.Invite;
import org.pippin.protocol.Keepalive;
import org.pippin.protocol.Login;
import org.pippin.protocol.ProtocolException;
import org.pippin.protocol.RecordRequest;
import org.pippin.protocol.Registered;
import org.pippin.protocol.RelayList;
import org.pippin.protocol.Relays;
import org.pippin.protocol.ReliableLink;
import org.pippin.protocol.Result;
import org.pippin.protocol.StreamFramer;
import org.pippin.protocol.SystemClock;
import org.pippin.protocol.VoicePacket;
import org.pippin.protocol.Wire;

/**
 * A Java SE phone for the network tests: an Ed25519 identity key that owns its number through the registrar, one TCP
 * connection to its current relay (a relay's death closes it at once), the protocol's ReliableLink for signalling,
 * and queues of what arrived. It moves to another relay with {@link #attach}, keeping its key and number.
 */
final class NetPhone implements AutoCloseable, ReliableLink.Output, ReliableLink.Listener {

    static final long WAIT_SECONDS = 10;
    static final int GSM = 1 << Wire.CODEC_GSM;
    private static final SecureRandom RANDOM = new SecureRandom();
    /** Keepalives as the MIDlet sends them, so a relay never drops a phone that sits idle through a long test. */
    private static final ScheduledExecutorService KEEPALIVES = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "net-phone-keepalives");
        t.setDaemon(true);
        return t;
    });
    private static final long KEEPALIVE_SECONDS = 2;

    final String name;
    final IdentityKey key;
    String number;
    /** The relay port this phone is attached to now. */
    int relayPort;
    private Socket socket;
    private OutputStream out;
    private ReliableLink link;
    private Thread reader;
    private CountDownLatch gone;
    final BlockingQueue<Frame> frames = new LinkedBlockingQueue<>();
    final BlockingQueue<byte[]> voice = new LinkedBlockingQueue<>();

    NetPhone(String name) {
        this.name = name;
        byte[] secret = new byte[IdentityKey.SECRET_KEY_SIZE];
        RANDOM.nextBytes(secret);
        this.key = IdentityKey.fromSecret(secret);
        KEEPALIVES.scheduleAtFixedRate(this::keepalive, KEEPALIVE_SECONDS, KEEPALIVE_SECONDS, TimeUnit.SECONDS);
    }

    private synchronized void keepalive() {
        if (socket == null || socket.isClosed() || gone.getCount() == 0) {
            return;
        }
        try {
            link.send(new Keepalive(Keepalive.PHONE_PADDING));
        } catch (IOException e) {
            // The relay is gone: the reader sees the connection end, and the test re-attaches this phone.
            gone.countDown();
        }
    }

    /** Connects to the relay on 127.0.0.1:{@code port} (dropping any earlier connection). */
    synchronized void connect(int port) throws IOException {
        if (socket != null) {
            socket.close();
        }
        Socket s = new Socket(InetAddress.getLoopbackAddress(), port);
        s.setTcpNoDelay(true);
        socket = s;
        out = s.getOutputStream();
        link = new ReliableLink(this, this, SystemClock.INSTANCE, true);
        relayPort = port;
        frames.clear();
        voice.clear();
        CountDownLatch g = new CountDownLatch(1);
        gone = g;
        reader = new Thread(() -> read(s, g), name + "-reader");
        reader.setDaemon(true);
        reader.start();
    }

    /** Claims {@code wanted} through the relay connected to (HELLO for the registrar's difficulty, then CLAIM). */
    void claim(String wanted) throws Exception {
        Challenge c = hello();
        long time = System.currentTimeMillis() / 1000;
        ProofOfWork work = Claim.work(Claim.SPECIFIC, wanted, key.publicKey(), time, c.difficulty);
        while (!work.search(1 << 16)) {
            // slices of work, as a phone does between screen updates
        }
        send(new RecordRequest(Wire.CLAIM,
                Claim.sign(key, Claim.SPECIFIC, wanted, time, c.difficulty, work.nonce()).encode()));
        Result r = expect(Result.class);
        assertEquals(Wire.RESULT_GRANTED, r.outcome, name + " claim of " + wanted + ": " + r);
        number = wanted;
    }

    /** Connects to {@code port} and logs in with its number there. */
    void attach(int port) throws Exception {
        connect(port);
        Challenge c = hello();
        send(new Login(LoginProof.sign(key, number, c.challenge(), System.currentTimeMillis() / 1000).encode(),
                GSM));
        Registered r = expect(Registered.class);
        assertEquals(number, r.number);
    }

    /** The network's relays as its relay knows them (RELAYS, answered with RELAY_LIST). */
    RelayList relays() throws Exception {
        send(new Relays());
        return expect(RelayList.class);
    }

    /**
     * Where to go when the relay on {@code currentPort} is gone: of the listed relays with room for a call, the first
     * few are probed (TCP connect time: one round trip) and the quickest that answers wins; 0 if none does.
     */
    static int pickFallback(RelayList list, int currentPort, long needKbps) {
        int best = 0;
        long bestNanos = Long.MAX_VALUE;
        int probed = 0;
        for (int i = 0; i < list.size() && probed < 3; i++) {
            String a = list.relay(i);
            int port = Integer.parseInt(a.substring(a.lastIndexOf(':') + 1));
            if (port == currentPort || list.spareKbps(i) < needKbps) {
                continue;
            }
            probed++;
            long t0 = System.nanoTime();
            try (Socket probe = new Socket()) {
                probe.connect(new InetSocketAddress(a.substring(0, a.lastIndexOf(':')), port), 1000);
            } catch (IOException e) {
                continue; // gone too: the next one
            }
            long rtt = System.nanoTime() - t0;
            if (rtt < bestNanos) {
                bestNanos = rtt;
                best = port;
            }
        }
        return best;
    }

    private Challenge hello() throws Exception {
        byte[] nonce = new byte[Wire.NONCE_SIZE];
        RANDOM.nextBytes(nonce);
        send(Hello.padded(nonce));
        Challenge c = expect(Challenge.class);
        assertArrayEquals(nonce, c.clientNonce());
        return c;
    }

    void send(Frame f) throws IOException {
        synchronized (this) {
            link.send(f);
        }
    }

    @Override
    public void transmit(byte[] buf, int off, int len) throws IOException {
        byte[] framed = new byte[StreamFramer.PREFIX + len];
        StreamFramer.writePrefix(framed, 0, len);
        System.arraycopy(buf, off, framed, StreamFramer.PREFIX, len);
        out.write(framed);
        out.flush();
    }

    synchronized void sendVoice(int channel, int seq, byte[] payload) throws IOException {
        int len = VoicePacket.HEADER + payload.length;
        byte[] framed = new byte[StreamFramer.PREFIX + len];
        StreamFramer.writePrefix(framed, 0, len);
        VoicePacket.writeHeader(framed, StreamFramer.PREFIX, channel, seq);
        System.arraycopy(payload, 0, framed, StreamFramer.PREFIX + VoicePacket.HEADER, payload.length);
        out.write(framed);
        out.flush();
    }

    /** The next signalling frame, which must be a {@code type}. */
    <T extends Frame> T expect(Class<T> type) throws InterruptedException {
        Frame f = frames.poll(WAIT_SECONDS, TimeUnit.SECONDS);
        assertNotNull(f, name + ": no " + type.getSimpleName() + " within " + WAIT_SECONDS + " s");
        return assertInstanceOf(type, f, name + ": expected " + type.getSimpleName() + ", got " + f);
    }

    /** The next frame, or null after {@code millis}. */
    Frame poll(long millis) throws InterruptedException {
        return frames.poll(millis, TimeUnit.MILLISECONDS);
    }

    byte[] expectVoice() throws InterruptedException {
        byte[] v = voice.poll(WAIT_SECONDS, TimeUnit.SECONDS);
        assertNotNull(v, name + ": no voice within " + WAIT_SECONDS + " s");
        return v;
    }

    /** Waits until the relay's end of the connection closes; true if it did within {@code millis}. */
    boolean awaitGone(long millis) throws InterruptedException {
        return gone.await(millis, TimeUnit.MILLISECONDS);
    }

    @Override
    public void onFrame(Frame f) {
        if (f.type != Wire.KEEPALIVE) {
            frames.add(f); // the relay's keepalive answers say nothing the tests wait for
        }
    }

    @Override
    public void onUndelivered(Frame f) {
        frames.add(new ErrorFrame(Wire.ERR_UNAVAILABLE, "undelivered: " + f));
    }

    private void read(Socket s, CountDownLatch g) {
        try {
            DataInputStream in = new DataInputStream(s.getInputStream());
            byte[] buf = new byte[Wire.MAX_FRAME];
            while (true) {
                int len = in.readUnsignedShort();
                in.readFully(buf, 0, len);
                if (len > 0 && VoicePacket.isVoice(buf, 0)) {
                    voice.add(Arrays.copyOf(buf, len));
                    continue;
                }
                synchronized (this) {
                    if (s == socket) {
                        link.receive(buf, 0, len);
                    }
                }
            }
        } catch (EOFException | SocketException e) {
            // The relay went away (or this phone moved on): awaitGone() sees it.
            g.countDown();
        } catch (IOException | ProtocolException e) {
            frames.add(new ErrorFrame(Wire.ERR_MALFORMED, name + " read failed: " + e));
            g.countDown();
        }
    }

    @Override
    public synchronized void close() throws IOException {
        if (socket != null) {
            socket.close();
        }
    }

    @Override
    public String toString() {
        return name + " (" + number + " on :" + relayPort + ")";
    }

    /**
     * An INVITE as a phone on keys sends it: its number as the caller, proved by a CALLER_ID record. No key share, so
     * voice stays plain and the test can compare it byte for byte.
     */
    Invite invite(int callId, String callee) {
        byte[] nonce = new byte[CallerIdProof.NONCE_SIZE];
        RANDOM.nextBytes(nonce);
        byte[] proof = CallerIdProof.sign(key, number, callee, System.currentTimeMillis() / 1000, nonce).encode();
        return new Invite(callId, number, callee, GSM, 100, 0, proof, new byte[0]);
    }
}
