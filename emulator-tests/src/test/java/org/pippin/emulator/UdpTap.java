package org.pippin.emulator;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.SocketException;
import java.util.Locale;

/**
 * A UDP forwarder between one phone and the relay that counts what crosses it, so the bit rate on the wire is
 * measured rather than derived from what either side reports. The phone is given the tap's address as its relay.
 * Voice packets are told apart from signalling by the top bit of their first byte (PROTOCOL.md).
 */
final class UdpTap implements AutoCloseable {
    /** IPv4 (20) + UDP (8) header bytes that travel with every datagram. */
    static final int IP_UDP_HEADER_BYTES = 28;

    /** One direction's counts. */
    static final class Flow {
        private long packets;
        private long bytes;
        private long voicePackets;
        private long voiceBytes;
        private long firstVoiceNanos;
        private long lastVoiceNanos;
        private long minGapNanos = Long.MAX_VALUE;
        private long maxGapNanos;
        private long maxGapAtNanos;
        private String lastError;

        private synchronized void error(IOException e) {
            lastError = e.toString();
        }

        private synchronized void count(byte[] data, int length, long nanos) {
            packets++;
            bytes += length;
            if (length > 0 && (data[0] & 0x80) != 0) {
                if (voicePackets == 0) {
                    firstVoiceNanos = nanos;
                } else {
                    long gap = nanos - lastVoiceNanos;
                    minGapNanos = Math.min(minGapNanos, gap);
                    if (gap > maxGapNanos) {
                        maxGapNanos = gap;
                        maxGapAtNanos = nanos - firstVoiceNanos;
                    }
                }
                voicePackets++;
                voiceBytes += length;
                lastVoiceNanos = nanos;
            }
        }

        /** Time from the first voice packet (nanoTime) for comparison with events; 0 before any. */
        synchronized long firstVoiceNanos() {
            return firstVoiceNanos;
        }

        synchronized long voiceBytes() {
            return voiceBytes;
        }

        synchronized long voicePackets() {
            return voicePackets;
        }

        /**
         * Voice bit rate on the wire (payload plus IPv4/UDP headers) over the span between the first and the last voice
         * packet; NaN with fewer than two packets.
         */
        synchronized double voiceKbitPerSecond() {
            if (voicePackets < 2) {
                return Double.NaN;
            }
            double bitsPerPacket = (voiceBytes + voicePackets * (double) IP_UDP_HEADER_BYTES) * 8 / voicePackets;
            return bitsPerPacket * (voicePackets - 1) / ((lastVoiceNanos - firstVoiceNanos) / 1e9) / 1000;
        }

        @Override
        public synchronized String toString() {
            return String.format(Locale.ROOT, "%d datagrams / %d B in all; voice: %d packets, %d B payload "
                            + "(%.1f B avg + %d B IPv4/UDP) over %.2f s = %.2f kbit/s on the wire; "
                            + "gaps between voice packets %.0f..%.0f ms (longest %.2f s after the first)",
                    packets, bytes, voicePackets, voiceBytes,
                    voicePackets == 0 ? 0.0 : voiceBytes / (double) voicePackets,
                    IP_UDP_HEADER_BYTES, (lastVoiceNanos - firstVoiceNanos) / 1e9, voiceKbitPerSecond(),
                    voicePackets < 2 ? Double.NaN : minGapNanos / 1e6, maxGapNanos / 1e6, maxGapAtNanos / 1e9)
                    + (lastError == null ? "" : "; last error: " + lastError);
        }
    }

    private final String name;
    private final DatagramSocket phoneSide;
    private final DatagramSocket relaySide;
    private final Flow up = new Flow();
    private final Flow down = new Flow();
    private final Thread[] threads = new Thread[2];
    private volatile SocketAddress phone;
    private volatile boolean closed;
    private volatile int dropEvery;
    private volatile int dropOffset;
    private long upVoiceSeen;
    private long upVoiceDropped;

    UdpTap(String name, int relayPort) {
        this.name = name;
        try {
            InetAddress loopback = InetAddress.getLoopbackAddress();
            phoneSide = new DatagramSocket(new InetSocketAddress(loopback, 0));
            relaySide = new DatagramSocket(new InetSocketAddress(loopback, 0));
            relaySide.connect(new InetSocketAddress(loopback, relayPort));
        } catch (SocketException e) {
            throw new UncheckedIOException("cannot open the UDP tap " + name, e);
        }
        threads[0] = forward(phoneSide, up, true);
        threads[1] = forward(relaySide, down, false);
    }

    /** The {@code Pippin-Relay} attribute that sends the phone through this tap. */
    String address() {
        return "127.0.0.1:" + phoneSide.getLocalPort();
    }

    /**
     * Drops voice packets from the phone: those whose index (0 for the first voice packet through the tap) is
     * {@code offset} modulo {@code every}. Signalling always passes, so only the audio suffers.
     */
    void dropUpstreamVoice(int every, int offset) {
        this.dropOffset = offset;
        this.dropEvery = every;
    }

    synchronized long upstreamVoiceDropped() {
        return upVoiceDropped;
    }

    /** Phone to relay. */
    Flow up() {
        return up;
    }

    /** Relay to phone. */
    Flow down() {
        return down;
    }

    private Thread forward(DatagramSocket from, Flow flow, boolean upstream) {
        Thread thread = new Thread(() -> {
            byte[] buf = new byte[2048];
            DatagramPacket packet = new DatagramPacket(buf, buf.length);
            while (!closed) {
                try {
                    packet.setLength(buf.length);
                    from.receive(packet);
                    flow.count(buf, packet.getLength(), System.nanoTime());
                    if (upstream) {
                        phone = packet.getSocketAddress();
                        if (!dropped(buf, packet.getLength())) {
                            relaySide.send(new DatagramPacket(buf, packet.getLength()));
                        }
                    } else if (phone != null) {
                        phoneSide.send(new DatagramPacket(buf, packet.getLength(), phone));
                    }
                } catch (IOException e) {
                    // Loopback reports an unreachable port as an error on the next receive; the call's events tell
                    // whether it mattered, so note it and go on.
                    if (!closed) {
                        flow.error(e);
                    }
                }
            }
        }, name + (upstream ? "-up" : "-down"));
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    private synchronized boolean dropped(byte[] buf, int length) {
        if (length == 0 || (buf[0] & 0x80) == 0) {
            return false;
        }
        boolean drop = dropEvery > 0 && upVoiceSeen % dropEvery == dropOffset;
        upVoiceSeen++;
        if (drop) {
            upVoiceDropped++;
        }
        return drop;
    }

    @Override
    public void close() {
        closed = true;
        phoneSide.close();
        relaySide.close();
        for (Thread thread : threads) {
            try {
                thread.join(1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
