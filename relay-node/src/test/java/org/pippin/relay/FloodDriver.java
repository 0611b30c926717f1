package org.pippin.relay;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.pippin.protocol.Frame;
import org.pippin.protocol.FrameCodec;
import org.pippin.protocol.Hello;
import org.pippin.protocol.Invite;
import org.pippin.protocol.Login;
import org.pippin.protocol.Register;
import org.pippin.protocol.VoicePacket;
import org.pippin.protocol.Wire;

/**
 * Blasts a relay's UDP port from one address (e.g. 127.0.0.2) through several sockets, at a set rate: HELLOs,
 * INVITEs, LOGINs with junk proofs, REGISTERs of random numbers, garbage and voice to random channels, in turn. It
 * never acknowledges anything; it counts what it sent and what came back. Runs on its own thread until closed.
 */
final class FloodDriver implements AutoCloseable {

    private final List<DatagramChannel> sockets = new ArrayList<>();
    private final InetSocketAddress relay;
    private final int framesPerSecond;
    private final Random random = new Random(42);
    private final Thread thread;
    private volatile boolean running = true;
    final AtomicLong sent = new AtomicLong();
    final AtomicLong bytesSent = new AtomicLong();
    final AtomicLong received = new AtomicLong();
    final AtomicLong bytesReceived = new AtomicLong();
    private volatile IOException failure;

    FloodDriver(InetAddress from, int relayPort, int sockets, int framesPerSecond) throws IOException {
        this.relay = new InetSocketAddress(InetAddress.getLoopbackAddress(), relayPort);
        this.framesPerSecond = framesPerSecond;
        for (int i = 0; i < sockets; i++) {
            DatagramChannel c = DatagramChannel.open();
            c.bind(new InetSocketAddress(from, 0));
            c.configureBlocking(false);
            this.sockets.add(c);
        }
        this.thread = new Thread(this::run, "flood-driver");
        thread.setDaemon(true);
        thread.start();
    }

    private byte[] next(long n) {
        Frame f;
        switch ((int) (n % 6)) {
            case 0: {
                byte[] nonce = new byte[Wire.NONCE_SIZE];
                random.nextBytes(nonce);
                f = Hello.padded(nonce);
                break;
            }
            case 1:
                f = new Invite(random.nextInt(), "", number(), TestPhone.GSM, 100, 0);
                break;
            case 2: {
                byte[] proof = new byte[40 + random.nextInt(100)];
                random.nextBytes(proof);
                f = new Login(proof, TestPhone.GSM);
                break;
            }
            case 3: {
                byte[] secret = new byte[16];
                random.nextBytes(secret);
                f = new Register(number(), secret, TestPhone.GSM);
                break;
            }
            case 4: {
                byte[] garbage = new byte[1 + random.nextInt(300)];
                random.nextBytes(garbage);
                garbage[0] &= 0x7F; // signalling, so it goes through the frame decoder
                return garbage;
            }
            default: {
                byte[] voice = new byte[VoicePacket.HEADER + 5 * 33];
                random.nextBytes(voice);
                VoicePacket.writeHeader(voice, 0, random.nextInt(VoicePacket.MAX_CHANNEL + 1), (int) n & 0xFFFF);
                return voice;
            }
        }
        f.messageId = 1 + random.nextInt(0xFFFF);
        return FrameCodec.encode(f);
    }

    private String number() {
        return Integer.toString(10_000_000 + random.nextInt(90_000_000));
    }

    private void run() {
        ByteBuffer in = ByteBuffer.allocate(2048);
        long start = System.nanoTime();
        long n = 0;
        try {
            while (running) {
                // Paced to the rate: send what is due, then park until the next frame is.
                long due = (System.nanoTime() - start) * framesPerSecond / 1_000_000_000L;
                for (; n < due && running; n++) {
                    byte[] b = next(n);
                    sockets.get((int) (n % sockets.size())).send(ByteBuffer.wrap(b), relay);
                    sent.incrementAndGet();
                    bytesSent.addAndGet(b.length);
                }
                for (DatagramChannel c : sockets) {
                    in.clear();
                    while (c.receive(in) != null) {
                        received.incrementAndGet();
                        bytesReceived.addAndGet(in.position());
                        in.clear();
                    }
                }
                LockSupport.parkNanos(500_000);
            }
        } catch (IOException e) {
            failure = e;
        }
    }

    /** Stops the flood; rethrows a send that failed. */
    @Override
    public void close() throws IOException {
        running = false;
        try {
            thread.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (DatagramChannel c : sockets) {
            c.close();
        }
        if (failure != null) {
            throw failure;
        }
    }
}
