package org.pippin.bench;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.pippin.codec.Codecs;
import org.pippin.codec.VoiceCodec;
import org.pippin.protocol.VoicePacket;
import org.pippin.protocol.Wire;

/**
 * Item 2: bandwidth per call on the wire. For each codec and packetization a real call through a relay carries real
 * encoded speech-band audio (a 1 kHz tone through the codec); the receiving phone measures the datagrams the relay
 * delivered. Wire rate = (datagram + 20 bytes IPv4 + 8 bytes UDP) × packets/s. A relayed call costs the relay's
 * uplink two directions (it sends to both phones), so calls per uplink = uplink / (2 × rate per direction).
 */
final class BandwidthBench {

    private static final int PORT = 17170;
    private static final int IP_UDP = 28;

    private BandwidthBench() {
    }

    static void main(Args args) throws Exception {
        double uplink = args.real("uplink-kbps", 512);
        int packets = args.integer("packets", 50);
        Path dir = Files.createTempDirectory("pippin-bench-bw");
        Proc relay = Relay.start(PORT, dir, "", List.of());
        System.out.printf("bandwidth on the wire (IPv4 + UDP included), measured from %d relayed packets each;"
                + " uplink %.0f kbit/s%n", packets, uplink);
        System.out.println("| system | codec | ptime ms | datagram bytes (measured) | on the wire bytes | packets/s |"
                + " kbit/s per direction | relayed calls per uplink |");
        System.out.println("|---|---|---|---|---|---|---|---|");
        int n = 0;
        int[] codecs = {Wire.CODEC_GSM, Wire.CODEC_PCMU, Wire.CODEC_SPEEX};
        int[][] sizes = new int[codecs.length][6];
        try {
            for (int c = 0; c < codecs.length; c++) {
                for (int ptime = 20; ptime <= 100; ptime += 20) {
                    n++;
                    int size = measure(codecs[c], ptime, packets, n);
                    sizes[c][ptime / 20] = size;
                    row("Pippin", Wire.codecName(codecs[c]), ptime, size, uplink, "");
                }
            }
        } finally {
            relay.close();
            Bench.deleteTree(dir);
        }
        // The rivals' packets are fixed by RFC 3551 / RFC 4867: computed, not measured.
        row("RTP", "AMR 12.2 (RFC 4867 bandwidth-efficient)", 20, 12 + 32, uplink, " (computed)");
        row("RTP", "GSM", 20, 12 + 33, uplink, " (computed)");
        row("RTP", "PCMU", 20, 12 + 160, uplink, " (computed)");
        System.out.println();
        System.out.println("sealed voice (end-to-end encrypted calls: the measured datagram + the "
                + Wire.VOICE_TAG + "-byte tag):");
        System.out.println("| system | codec | ptime ms | datagram bytes | on the wire bytes | packets/s |"
                + " kbit/s per direction | relayed calls per uplink |");
        System.out.println("|---|---|---|---|---|---|---|---|");
        for (int c = 0; c < codecs.length; c++) {
            for (int ptime = 20; ptime <= 100; ptime += 20) {
                row("Pippin sealed", Wire.codecName(codecs[c]), ptime, sizes[c][ptime / 20] + Wire.VOICE_TAG,
                        uplink, "");
            }
        }
        System.out.println();
        System.out.println("what a ≤ 10 kbit/s mode would need (computed: Pippin header 4 + IPv4/UDP 28 bytes):");
        System.out.println("| codec rate kbit/s | ptime ms | kbit/s per direction | relayed calls per uplink |");
        System.out.println("|---|---|---|---|");
        for (double rate : new double[] {13.2, 4.75, 3.2, 2.4}) {
            for (int ptime : new int[] {60, 100, 200}) {
                double kbps = rate + (VoicePacket.HEADER + IP_UDP) * 8.0 / ptime;
                System.out.printf("| %.2f | %d | %.2f | %d |%n", rate, ptime, kbps, (int) (uplink / (2 * kbps)));
            }
        }
    }

    private static void row(String system, String codec, int ptime, int datagram, double uplink, String note) {
        double pps = 1000.0 / ptime;
        double kbps = (datagram + IP_UDP) * 8 * pps / 1000;
        System.out.printf("| %s | %s | %d | %d%s | %d | %.1f | %.2f | %d |%n", system, codec, ptime, datagram, note,
                datagram + IP_UDP, pps, kbps, (int) (uplink / (2 * kbps)));
    }

    /** One call with {@code codec} at {@code ptime}; returns the median size of the voice datagrams delivered. */
    private static int measure(int codec, int ptime, int packets, int n) throws Exception {
        InetSocketAddress relay = Relay.address(PORT);
        try (BenchPhone a = new BenchPhone(new InetSocketAddress("127.0.0.1", 0), relay);
                BenchPhone b = new BenchPhone(new InetSocketAddress("127.0.0.1", 0), relay)) {
            a.register(Integer.toString(70_000_000 + 2 * n));
            b.register(Integer.toString(70_000_001 + 2 * n));
            long[] ch = BenchPhone.call(a, b, n, Integer.toString(70_000_001 + 2 * n), codec, ptime);
            VoiceCodec enc = Codecs.create(codec);
            int frames = ptime / Wire.CODEC_FRAME_MS;
            short[] pcm = new short[enc.frameSamples()];
            byte[] packet = new byte[VoicePacket.HEADER + frames * enc.frameBytes()];
            int[] sizes = new int[packets];
            long sample = 0;
            for (int p = 0; p < packets; p++) {
                VoicePacket.writeHeader(packet, 0, (int) ch[0], p);
                for (int f = 0; f < frames; f++) {
                    for (int s = 0; s < pcm.length; s++, sample++) {
                        pcm[s] = (short) (8000 * Math.sin(2 * Math.PI * 1000 * sample / 8000.0));
                    }
                    enc.encode(pcm, 0, packet, VoicePacket.HEADER + f * enc.frameBytes());
                }
                a.channel.write(ByteBuffer.wrap(packet));
                sizes[p] = b.receiveVoice();
            }
            java.util.Arrays.sort(sizes);
            return sizes[packets / 2];
        }
    }
}
