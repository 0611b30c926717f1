package org.pippin.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.DatagramChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.pippin.protocol.VoicePacket;
import org.pippin.protocol.Wire;

/**
 * Item 1: voice forwarding through one Pippin relay and, in the same run, through rtpengine (userspace), both pinned
 * to the same CPU while this load generator runs on the other. For each call count and packetization: packets/s
 * delivered, loss, one-way time through the relay (p50 / p99 / max, send stamp to receive on the same clock), relay
 * CPU per call and packets/s per core of relay CPU. Each figure is the median of {@code runs} runs; each run measures
 * Pippin and rtpengine back to back under the same offered load. Then one profiled window (JFR) of the relay.
 */
final class ForwardingBench {

    private static final int RELAY_PORT = 17070;
    private static final int NG_PORT = 17071;
    private static final int RTP_MIN = 20000;
    private static final int RTP_MAX = 31999;

    private ForwardingBench() {
    }

    static void main(Args args) throws Exception {
        int[] levels = args.ints("calls", "100,500,1000,2000");
        int[] ptimes = args.ints("ptimes", "20,60");
        int runs = args.integer("runs", 3);
        double seconds = args.real("seconds", 4);
        String relayCpus = args.string("relay-cpus", "");
        int udpSockets = args.integer("udp-sockets", 0);
        int max = 0;
        for (int l : levels) {
            max = Math.max(max, l);
        }
        Path dir = Files.createTempDirectory("pippin-bench-fwd");
        System.out.printf("forwarding: calls %s, ptime %s ms, %d runs of %.0f s; relays on CPUs [%s] (empty: not"
                + " pinned); relay transport.udp.sockets=%d (0: one per core, %d here); load average %s%n",
                args.string("calls", "100,500,1000,2000"), args.string("ptimes", "20,60"), runs, seconds, relayCpus,
                udpSockets, Runtime.getRuntime().availableProcessors(), Proc.loadAverage());
        Proc relay = Relay.start(RELAY_PORT, dir.resolve("relay"), relayCpus, List.of("-Xms256m", "-Xmx256m"),
                "limits.phones=" + (2 * max + 10), "limits.calls=" + (max + 10),
                "transport.udp.sockets=" + udpSockets);
        RtpEngine rtpe = null;
        List<BenchPhone> phones = new ArrayList<>();
        List<DatagramChannel> rtpChannels = new ArrayList<>();
        try {
            rtpe = new RtpEngine(dir, NG_PORT, RTP_MIN, RTP_MAX, relayCpus);
            Load pippin = pippinCalls(max, phones);
            Load rtp = rtpengineCalls(rtpe, max, rtpChannels);
            Map<String, List<double[]>> results = new HashMap<>();
            for (int run = 1; run <= runs; run++) {
                for (int calls : levels) {
                    for (int ptime : ptimes) {
                        int payload = Wire.codecFrameBytes(Wire.CODEC_PCMU) * ptime / Wire.CODEC_FRAME_MS;
                        double[] p = window(pippin, relay, RELAY_PORT, RELAY_PORT, calls, ptime,
                                VoicePacket.HEADER + payload, seconds);
                        double[] r = window(rtp, rtpe.process(), RTP_MIN, RTP_MAX, calls, ptime, 12 + payload,
                                seconds);
                        results.computeIfAbsent(calls + "/" + ptime + "/pippin", k -> new ArrayList<>()).add(p);
                        results.computeIfAbsent(calls + "/" + ptime + "/rtpengine", k -> new ArrayList<>()).add(r);
                        System.out.printf("run %d %5d calls %2d ms  pippin    %s%n", run, calls, ptime, line(p));
                        System.out.printf("run %d %5d calls %2d ms  rtpengine %s%n", run, calls, ptime, line(r));
                    }
                }
            }
            System.out.printf("%nmedians of %d runs (load average now %s; shared 2-core machine)%n", runs,
                    Proc.loadAverage());
            System.out.println("| calls | ptime | relay | offered pps | delivered pps | loss % | p50 µs | p99 µs |"
                    + " max µs | relay CPU % of a core | CPU µs per packet | pps per core | CPU % per call |"
                    + " drops at relay | drops at generator |");
            System.out.println("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|");
            for (int calls : levels) {
                for (int ptime : ptimes) {
                    for (String who : List.of("pippin", "rtpengine")) {
                        double[] m = median(results.get(calls + "/" + ptime + "/" + who));
                        System.out.printf("| %d | %d | %s | %.0f | %.0f | %.2f | %.0f | %.0f | %.0f | %.1f | %.2f |"
                                + " %.0f | %.4f | %.0f | %.0f |%n", calls, ptime, who, m[0], m[1], m[2], m[3], m[4],
                                m[5], m[6], m[7], m[8], m[6] / calls, m[9], m[10]);
                    }
                }
            }
            Profile.relayWindow(relay, pippin, args.integer("profile-calls", 1000), 20,
                    VoicePacket.HEADER + Wire.codecFrameBytes(Wire.CODEC_PCMU), dir);
            pippin.close();
            rtp.close();
        } finally {
            for (BenchPhone p : phones) {
                p.close();
            }
            for (DatagramChannel c : rtpChannels) {
                c.close();
            }
            if (rtpe != null) {
                rtpe.close();
            }
            relay.close();
            Bench.deleteTree(dir);
        }
    }

    /**
     * {offered pps, delivered pps, loss %, p50, p99, max, CPU % of a core, CPU µs per packet, pps per core, packets
     * dropped at the relay's sockets, packets dropped at the generator's}.
     */
    private static double[] window(Load load, Proc proc, int relayPortMin, int relayPortMax, int calls, int ptime,
            int size, double seconds) throws IOException, InterruptedException {
        long[] cpu = new long[2];
        long[][] drops = new long[2][];
        int[] n = {0};
        Load.Result r = load.run(calls, ptime, size, 0.5, seconds, () -> {
            try {
                drops[n[0]] = UdpDrops.read(relayPortMin, relayPortMax);
                cpu[n[0]++] = proc.cpuNanos("");
            } catch (IOException e) {
                throw new IllegalStateException("reading CPU time", e);
            }
        });
        double cpuSeconds = (cpu[1] - cpu[0]) / 1e9;
        double share = cpuSeconds / seconds;
        return new double[] {r.sent() / seconds, r.pps(), 100.0 * (r.sent() - r.received()) / Math.max(1, r.sent()),
            r.p50Micros(), r.p99Micros(), r.maxMicros(), 100 * share, cpuSeconds * 1e6 / Math.max(1, r.received()),
            r.pps() / Math.max(share, 1e-9), drops[1][0] - drops[0][0], drops[1][1] - drops[0][1]};
    }

    private static String line(double[] v) {
        return String.format("offered %.0f pps, delivered %.0f pps, loss %.2f %%, p50 %.0f µs, p99 %.0f µs, max %.0f"
                + " µs, CPU %.1f %%, %.2f µs/packet; dropped at relay %.0f, at generator %.0f", v[0], v[1], v[2],
                v[3], v[4], v[5], v[6], v[7], v[9], v[10]);
    }

    static double[] median(List<double[]> runs) {
        double[] m = new double[runs.get(0).length];
        for (int i = 0; i < m.length; i++) {
            double[] col = new double[runs.size()];
            for (int r = 0; r < col.length; r++) {
                col[r] = runs.get(r)[i];
            }
            java.util.Arrays.sort(col);
            m[i] = col[col.length / 2];
        }
        return m;
    }

    private static Load pippinCalls(int calls, List<BenchPhone> phones) throws IOException {
        DatagramChannel[] a = new DatagramChannel[calls];
        DatagramChannel[] b = new DatagramChannel[calls];
        byte[][] ah = new byte[calls][];
        byte[][] bh = new byte[calls][];
        InetSocketAddress relay = Relay.address(RELAY_PORT);
        long t0 = System.nanoTime();
        for (int i = 0; i < calls; i++) {
            BenchPhone pa = new BenchPhone(new InetSocketAddress("127.0.0.1", 0), relay);
            BenchPhone pb = new BenchPhone(new InetSocketAddress("127.0.0.1", 0), relay);
            phones.add(pa);
            phones.add(pb);
            pa.register(Integer.toString(60_000_000 + 2 * i));
            pb.register(Integer.toString(60_000_001 + 2 * i));
            long[] ch = BenchPhone.call(pa, pb, 1 + i, Integer.toString(60_000_001 + 2 * i), Wire.CODEC_PCMU, 20);
            a[i] = pa.channel;
            b[i] = pb.channel;
            ah[i] = new byte[VoicePacket.HEADER];
            bh[i] = new byte[VoicePacket.HEADER];
            VoicePacket.writeHeader(ah[i], 0, (int) ch[0], 0);
            VoicePacket.writeHeader(bh[i], 0, (int) ch[1], 0);
        }
        System.out.printf("pippin: %d calls set up in %d ms%n", calls, (System.nanoTime() - t0) / 1_000_000);
        return new Load(a, b, ah, bh, false);
    }

    private static Load rtpengineCalls(RtpEngine rtpe, int calls, List<DatagramChannel> opened) throws IOException {
        DatagramChannel[] a = new DatagramChannel[calls];
        DatagramChannel[] b = new DatagramChannel[calls];
        byte[][] ah = new byte[calls][];
        byte[][] bh = new byte[calls][];
        long t0 = System.nanoTime();
        for (int i = 0; i < calls; i++) {
            a[i] = DatagramChannel.open().bind(new InetSocketAddress("127.0.0.1", 0));
            b[i] = DatagramChannel.open().bind(new InetSocketAddress("127.0.0.1", 0));
            opened.add(a[i]);
            opened.add(b[i]);
            int[] ports = rtpe.call("bench-" + i, (InetSocketAddress) a[i].getLocalAddress(),
                    (InetSocketAddress) b[i].getLocalAddress(), 20);
            a[i].connect(new InetSocketAddress("127.0.0.1", ports[0]));
            b[i].connect(new InetSocketAddress("127.0.0.1", ports[1]));
            ah[i] = rtpHeader(0x1000 + 2 * i);
            bh[i] = rtpHeader(0x1001 + 2 * i);
        }
        System.out.printf("rtpengine: %d calls set up in %d ms%n", calls, (System.nanoTime() - t0) / 1_000_000);
        return new Load(a, b, ah, bh, true);
    }

    /** RTP version 2, PCMU, sequence and timestamp filled per packet, the given SSRC. */
    private static byte[] rtpHeader(int ssrc) {
        byte[] h = new byte[12];
        h[0] = (byte) 0x80;
        h[8] = (byte) (ssrc >> 24);
        h[9] = (byte) (ssrc >> 16);
        h[10] = (byte) (ssrc >> 8);
        h[11] = (byte) ssrc;
        return h;
    }
}
