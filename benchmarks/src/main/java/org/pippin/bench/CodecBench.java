package org.pippin.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.pippin.codec.Codecs;
import org.pippin.codec.VoiceCodec;
import org.pippin.protocol.Wire;

/**
 * CPU per 20 ms frame of each codec, encode and decode, on this thread's CPU clock: median of several runs over a
 * speech-like signal, after a warm-up. Then the same in a child JVM with {@code -Xint} (bytecode interpreted, no JIT),
 * a stand-in for a feature phone's interpreting VM: what matters there is each codec's cost next to GSM's, which a
 * phone already carries in real time.
 */
final class CodecBench {

    private static final int[] CODECS = {Wire.CODEC_GSM, Wire.CODEC_SPEEX, Wire.CODEC_PCMU};

    private CodecBench() {
    }

    static void main(Args args) throws Exception {
        int frames = args.integer("frames", 3000);
        int runs = args.integer("runs", 5);
        boolean child = args.integer("child", 0) == 1;
        if (!child) {
            System.out.printf("codec CPU per 20 ms frame (µs, median of %d runs of %d frames, speech-like signal)%n",
                    runs, frames);
            System.out.println("| JVM | codec | bytes per frame | encode µs | decode µs | encode+decode µs |"
                    + " % of real time | × GSM |");
            System.out.println("|---|---|---|---|---|---|---|---|");
        }
        String jvm = child ? "-Xint" : "JIT (C2)";
        double gsm = 0;
        for (int codec : CODECS) {
            double[] r = measure(codec, frames, runs);
            if (codec == Wire.CODEC_GSM) {
                gsm = r[0] + r[1];
            }
            double both = r[0] + r[1];
            System.out.printf("| %s | %s | %d | %.1f | %.1f | %.1f | %.2f | %.2f |%n", jvm, Wire.codecName(codec),
                    Wire.codecFrameBytes(codec), r[0], r[1], both, both / 20_000 * 100, both / gsm);
        }
        if (!child) {
            interpreted(Math.max(frames / 10, 100), runs);
        }
    }

    /** Returns {encode µs, decode µs} per frame, medians over the runs. */
    private static double[] measure(int codec, int frames, int runs) {
        short[] pcm = speechLike(frames);
        VoiceCodec probe = Codecs.create(codec);
        byte[] coded = new byte[frames * probe.frameBytes()];
        short[] out = new short[probe.frameSamples()];
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        // Warm-up: one full pass each way.
        encodeAll(Codecs.create(codec), pcm, coded, frames);
        decodeAll(Codecs.create(codec), coded, out, frames);
        double[] enc = new double[runs];
        double[] dec = new double[runs];
        for (int r = 0; r < runs; r++) {
            VoiceCodec e = Codecs.create(codec);
            long t0 = threads.getCurrentThreadCpuTime();
            encodeAll(e, pcm, coded, frames);
            long t1 = threads.getCurrentThreadCpuTime();
            VoiceCodec d = Codecs.create(codec);
            decodeAll(d, coded, out, frames);
            long t2 = threads.getCurrentThreadCpuTime();
            enc[r] = (t1 - t0) / 1000.0 / frames;
            dec[r] = (t2 - t1) / 1000.0 / frames;
        }
        Arrays.sort(enc);
        Arrays.sort(dec);
        return new double[] {enc[runs / 2], dec[runs / 2]};
    }

    private static void encodeAll(VoiceCodec c, short[] pcm, byte[] coded, int frames) {
        for (int f = 0; f < frames; f++) {
            c.encode(pcm, f * c.frameSamples(), coded, f * c.frameBytes());
        }
    }

    private static void decodeAll(VoiceCodec c, byte[] coded, short[] out, int frames) {
        for (int f = 0; f < frames; f++) {
            c.decode(coded, f * c.frameBytes(), out, 0);
        }
    }

    /** The same measurement in a child JVM with -Xint; its table rows are copied to this output. */
    private static void interpreted(int frames, int runs) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-Xint");
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(Bench.class.getName());
        cmd.addAll(List.of("codec", "--frames", Integer.toString(frames), "--runs", Integer.toString(runs),
                "--child", "1"));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(),
                StandardCharsets.UTF_8))) {
            for (String line; (line = in.readLine()) != null; ) {
                System.out.println(line);
            }
        }
        int rc = p.waitFor();
        if (rc != 0) {
            throw new IOException("-Xint child exited " + rc);
        }
    }

    /** Voiced syllables (a 100-180 Hz pulse train through two formants), noise bursts and pauses. */
    static short[] speechLike(int frames) {
        Random r = new Random(1);
        short[] s = new short[frames * 160];
        double y1 = 0;
        double y2 = 0;
        double z1 = 0;
        double z2 = 0;
        double nextPulse = 0;
        for (int i = 0; i < s.length; i++) {
            double t = i / 8000.0;
            int syllable = (int) (t / 0.25);
            double envelope = syllable % 7 == 6 ? 0 : Math.sin(Math.PI * (t / 0.25 - syllable));
            double pitch = 100 + 80 * (0.5 + 0.5 * Math.sin(2 * Math.PI * 0.7 * t));
            double x;
            if (syllable % 5 == 3) {
                x = r.nextGaussian() * 0.3;
            } else {
                x = 0;
                if (i >= nextPulse) {
                    x = 1;
                    nextPulse += 8000 / pitch;
                }
            }
            double a = x + 2 * 0.97 * Math.cos(2 * Math.PI * 600 / 8000) * y1 - 0.97 * 0.97 * y2;
            y2 = y1;
            y1 = a;
            double b = a + 2 * 0.95 * Math.cos(2 * Math.PI * 1500 / 8000) * z1 - 0.95 * 0.95 * z2;
            z2 = z1;
            z1 = b;
            s[i] = (short) Math.max(-32768, Math.min(32767, Math.round(b * envelope * 400)));
        }
        return s;
    }
}
