package org.pippin.bench;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.concurrent.locks.LockSupport;

/**
 * The load generator: calls with two connected UDP channels each (A and B, each connected to where it sends), one
 * sender thread at a pinned rate and one receiver thread on a selector. Every packet carries the send time
 * ({@link System#nanoTime()}, same machine clock) and a window number after its header; the receiver records the
 * one-way time into a 1 µs histogram. Per packet neither thread allocates.
 */
final class Load implements AutoCloseable {

    /** Where the timestamp sits: after the 12-byte RTP header (Pippin's 4-byte header leaves the gap unused). */
    static final int STAMP = 12;
    static final int MAX_SIZE = 1500;
    /** The window number of warm-up packets: never counted. */
    private static final int UNCOUNTED = -1;
    private static final int HISTOGRAM_MICROS = 200_000;

    /** What a window measured. */
    record Result(long sent, long received, double seconds, long p50Micros, long p99Micros, long maxMicros) {
        double pps() {
            return received / seconds;
        }
    }

    private final DatagramChannel[] a;
    private final DatagramChannel[] b;
    private final ByteBuffer[] aPackets;
    private final ByteBuffer[] bPackets;
    private final boolean rtp;
    private final Selector selector;
    private final Thread receiver;
    private volatile boolean running = true;

    // Written by the receiver only; read by the driver after a window has drained.
    private final long[] histogram = new long[HISTOGRAM_MICROS + 1];
    private volatile int window;
    private long received;
    private volatile long receivedTotal;

    /**
     * @param aHeaders per call, the header A puts in front of its packets (Pippin: 4 bytes; RTP: 12)
     */
    Load(DatagramChannel[] a, DatagramChannel[] b, byte[][] aHeaders, byte[][] bHeaders, boolean rtp)
            throws IOException {
        this.a = a;
        this.b = b;
        this.rtp = rtp;
        aPackets = packets(aHeaders);
        bPackets = packets(bHeaders);
        selector = Selector.open();
        for (DatagramChannel c : a) {
            c.configureBlocking(false);
            c.register(selector, SelectionKey.OP_READ);
        }
        for (DatagramChannel c : b) {
            c.configureBlocking(false);
            c.register(selector, SelectionKey.OP_READ);
        }
        receiver = new Thread(this::receive, "load-receiver");
        receiver.setDaemon(true);
        receiver.start();
    }

    private static ByteBuffer[] packets(byte[][] headers) {
        ByteBuffer[] p = new ByteBuffer[headers.length];
        for (int i = 0; i < p.length; i++) {
            p[i] = ByteBuffer.allocateDirect(MAX_SIZE);
            p[i].put(headers[i]);
        }
        return p;
    }

    /**
     * Runs {@code calls} calls (the first ones set up) at one {@code size}-byte packet per {@code ptime} ms each way:
     * {@code warmup}
     * seconds unmeasured, then {@code seconds} measured, then a drain of 300 ms for late packets.
     *
     * @param cpu called at the start and at the end of the measured part (the caller samples CPU time there)
     */
    Result run(int calls, int ptime, int size, double warmup, double seconds, Runnable cpu) throws IOException,
            InterruptedException {
        long interval = ptime * 1_000_000L / calls;
        long start = System.nanoTime();
        long measureFrom = start + (long) (warmup * 1e9);
        long measureTo = measureFrom + (long) (seconds * 1e9);
        int measured = window + 1;
        boolean cpuStarted = false;
        long sent = 0;
        int seq = 0;
        for (long k = 0;; k++) {
            long due = start + k * interval;
            long now = System.nanoTime();
            if (due >= measureTo) {
                break;
            }
            if (!cpuStarted && due >= measureFrom) {
                window = measured;
                cpu.run();
                cpuStarted = true;
            }
            // No spinning: the park overshoots by tens of µs, and what fell due meanwhile goes out in one burst, so the
            // sender leaves the generator's core to the receiver (each packet is stamped when it is really sent).
            if (now < due) {
                LockSupport.parkNanos(due - now);
                now = System.nanoTime();
            }
            int i = (int) (k % calls);
            if (i == 0) {
                seq++;
            }
            int w = due >= measureFrom ? measured : UNCOUNTED;
            send(a[i], aPackets[i], size, seq, w, now);
            send(b[i], bPackets[i], size, seq, w, now);
            if (w == measured) {
                sent += 2;
            }
        }
        cpu.run();
        Thread.sleep(300);
        window = measured + 1; // later arrivals are not counted
        Thread.sleep(20);
        synchronized (histogram) {
            Result r = new Result(sent, received, seconds, percentile(0.5), percentile(0.99), percentile(1.0));
            java.util.Arrays.fill(histogram, 0);
            received = 0;
            return r;
        }
    }

    private void send(DatagramChannel c, ByteBuffer p, int size, int seq, int w, long now) throws IOException {
        if (rtp) {
            p.putShort(2, (short) seq);
            p.putInt(4, seq * 160);
        } else {
            p.putShort(2, (short) seq);
        }
        p.putLong(STAMP, now);
        p.putInt(STAMP + 8, w);
        p.clear().limit(size);
        c.write(p);
    }

    /** Packets received in any window since the start. */
    long receivedTotal() {
        return receivedTotal;
    }

    private long percentile(double q) {
        long total = 0;
        for (long h : histogram) {
            total += h;
        }
        if (total == 0) {
            return -1;
        }
        long want = Math.max(1, (long) Math.ceil(total * q));
        long seen = 0;
        for (int i = 0; i < histogram.length; i++) {
            seen += histogram[i];
            if (seen >= want) {
                return i;
            }
        }
        return HISTOGRAM_MICROS;
    }

    private void receive() {
        ByteBuffer buf = ByteBuffer.allocateDirect(2048);
        try {
            while (running) {
                if (selector.select(100) == 0) {
                    continue;
                }
                var keys = selector.selectedKeys();
                for (var it = keys.iterator(); it.hasNext();) {
                    SelectionKey k = it.next();
                    it.remove();
                    DatagramChannel c = (DatagramChannel) k.channel();
                    while (true) {
                        buf.clear();
                        int n = c.read(buf);
                        if (n <= 0) {
                            break;
                        }
                        long now = System.nanoTime();
                        receivedTotal++;
                        if (n >= STAMP + 12 && buf.getInt(STAMP + 8) == window) {
                            int micros = (int) Math.min(HISTOGRAM_MICROS, (now - buf.getLong(STAMP)) / 1000);
                            synchronized (histogram) {
                                histogram[micros]++;
                                received++;
                            }
                        }
                    }
                }
            }
        } catch (IOException | java.nio.channels.ClosedSelectorException e) {
            if (running) {
                throw new IllegalStateException("load receiver failed", e);
            }
        }
    }

    @Override
    public void close() throws IOException {
        running = false;
        selector.wakeup();
        try {
            receiver.join(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // closing the selector below ends the receiver anyway
        }
        selector.close();
    }
}
