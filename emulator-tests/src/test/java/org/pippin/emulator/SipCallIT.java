package org.pippin.emulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A MIDlet in MicroEmulator and a real SIP softphone (baresip) registered on the relay's SIP side with the SIP
 * password set by the relay jar's {@code sip-password} command call each other; each plays a tone sequence and
 * records the other, through GSM 06.10 on the Pippin side and G.711 µ-law RTP on the SIP side.
 */
class SipCallIT {
    static final String SIP_NUMBER = "3003";
    static final String SIP_PASSWORD = "emulator-sip-password";
    /** The MIDlet talks 5 s; baresip's 4 s of tones come first in its file, then silence. */
    static final int[] MIDLET_TO_SIP = ToneSequence.random(5005, 50);
    static final int[] SIP_TO_MIDLET = ToneSequence.random(6006, 40);
    private static final Duration SIGNAL = Duration.ofSeconds(20);
    private static final Duration CALL = Duration.ofSeconds(60);
    /** Two codecs and a jitter buffer on the way: a little below the 95 % of a Pippin-only call. */
    private static final double MIN_DELIVERED = 0.9;

    @RegisterExtension
    final Testbed bed = new Testbed();

    private Relay relay;
    private ManagedProcess baresip;
    /**
     * Where baresip records: a short path of its own, since baresip cuts a recording's path at 128 characters (in a
     * deep build directory its "-enc" and "-dec" files would get the same cut name).
     */
    private Path recordings;

    @AfterEach
    void removeRecordings() throws IOException {
        if (recordings != null) {
            try (Stream<Path> files = Files.list(recordings)) {
                for (Path f : files.toList()) {
                    Files.copy(f, bed.dir("baresip").resolve(f.getFileName()));
                    Files.delete(f);
                }
            }
            Files.delete(recordings);
        }
    }

    /** The relay with its SIP side, and baresip registered on it; returns baresip's control port. */
    private int startRelayAndBaresip() throws Exception {
        requireBaresip();
        int sipPort;
        try (DatagramSocket probe = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            sipPort = probe.getLocalPort();
        }
        setSipPassword(bed.dir("relay-data"));
        relay = bed.relay("relay", "sip.enabled=true", "sip.port=" + sipPort, "sip.rtp.ports=0-0");

        Path bs = bed.dir("baresip");
        recordings = Files.createTempDirectory("pippin-sip");
        short[] tones = ToneSequence.render(SIP_TO_MIDLET);
        // The tones, then silence: the file plays once and must not repeat into the MIDlet's recording.
        WavFile.write(bs.resolve("source.wav"), Arrays.copyOf(tones, tones.length + 30 * WavFile.RATE));
        int ctrlPort = writeBaresipConfig(bs, recordings, sipPort);
        baresip = bed.process("baresip", List.of("baresip", "-f", bs.toString()));
        baresip.awaitLine("baresip registered", l -> l.contains(SIP_NUMBER + "@127.0.0.1") && l.contains("200 OK"),
                Testbed.START);
        return ctrlPort;
    }

    @Test
    void midletCallsBaresip_andBothHearEachOther() throws Exception {
        startRelayAndBaresip();
        Phone a = bed.phone("phoneA", "1001").relay(relay).dial(SIP_NUMBER).hangUpAtEndOfAudio()
                .send(ToneSequence.render(MIDLET_TO_SIP)).start();
        Event dialing = a.await("dialing", Testbed.START);
        String callId = dialing.arg(0);
        Event answered = a.process().awaitEvent("answered", e -> e.arg(0).equals(callId), SIGNAL);
        System.out.println("MIDlet -> baresip answered: " + answered);
        Event ended = a.process().awaitEvent("ended", e -> e.arg(0).equals(callId), CALL);
        assertEquals("NORMAL local", ended.arg(1) + " " + ended.arg(2));
        assertEquals(0, a.process().awaitExit(SIGNAL), "phone A exit code");
        // baresip writes its recording when the relay's BYE closes the call.
        baresip.awaitLine("baresip call closed", l -> l.contains("terminated") || l.contains("session closed"),
                SIGNAL);

        checkAudio(a, recordings);
    }

    @Test
    void baresipCallsMidlet_andBothHearEachOther() throws Exception {
        int ctrlPort = startRelayAndBaresip();
        Phone a = bed.phone("phoneA", "1001").relay(relay).autoAnswer("answer").hangUpAtEndOfAudio()
                .send(ToneSequence.render(MIDLET_TO_SIP)).start();
        assertEquals("1001 udp", String.join(" ", a.await("registered", Testbed.START).args()));
        try (Socket ctrl = new Socket(InetAddress.getLoopbackAddress(), ctrlPort)) {
            byte[] json = ("{\"command\":\"dial\",\"params\":\"sip:1001@127.0.0.1:" + relay.sipPort()
                    + "\",\"token\":\"1\"}").getBytes(StandardCharsets.US_ASCII);
            OutputStream out = ctrl.getOutputStream();
            out.write((json.length + ":").getBytes(StandardCharsets.US_ASCII));
            out.write(json);
            out.write(',');
            out.flush();
            Event incoming = a.await("incoming", SIGNAL);
            // Caller ID: the number baresip authenticated as.
            assertEquals(SIP_NUMBER, incoming.arg(1));
            String callId = incoming.arg(0);
            a.process().awaitEvent("answered", e -> e.arg(0).equals(callId), SIGNAL);
            Event ended = a.process().awaitEvent("ended", e -> e.arg(0).equals(callId), CALL);
            assertEquals("NORMAL local", ended.arg(1) + " " + ended.arg(2));
            assertEquals(0, a.process().awaitExit(SIGNAL), "phone A exit code");
            baresip.awaitLine("baresip call closed", l -> l.contains("terminated") || l.contains("session closed"),
                    SIGNAL);
        }
        checkAudio(a, recordings);
    }

    private static void checkAudio(Phone a, Path baresipDir) throws IOException {
        ToneAnalyzer.Result atMidlet = ToneAnalyzer.analyze(WavFile.read(a.recording()), SIP_TO_MIDLET);
        ToneAnalyzer.Result atSip = ToneAnalyzer.analyze(WavFile.read(decodedRecording(baresipDir)), MIDLET_TO_SIP);
        System.out.printf("MIDlet -> baresip audio: %s%nbaresip -> MIDlet audio: %s%n", atSip, atMidlet);
        atSip.check("audio MIDlet -> baresip recorded by baresip", MIN_DELIVERED);
        atMidlet.check("audio baresip -> MIDlet recorded by the MIDlet", MIN_DELIVERED);
    }

    private static void requireBaresip() {
        boolean found = Stream.of(System.getenv().getOrDefault("PATH", "").split(":"))
                .anyMatch(d -> Files.isExecutable(Path.of(d, "baresip")));
        assertTrue(found, "baresip is not installed: this test runs it as a real SIP peer (apt-get install baresip;"
                + " .ci/run does)");
    }

    /** As an operator does: {@code java -jar pippin-relay.jar sip-password NUMBER}, the password on stdin. */
    private static void setSipPassword(Path data) throws Exception {
        Process p = new ProcessBuilder(Artifacts.javaLauncher(), "-jar", Artifacts.relayJar().toString(),
                "sip-password", SIP_NUMBER, "--set", "data.dir=" + data).redirectErrorStream(true).start();
        try (OutputStream in = p.getOutputStream()) {
            in.write((SIP_PASSWORD + "\n").getBytes(StandardCharsets.UTF_8));
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS), "sip-password did not finish");
        assertEquals(0, p.exitValue(), out);
    }

    /** Returns baresip's control port (ctrl_tcp: netstring-framed JSON commands). */
    private static int writeBaresipConfig(Path dir, Path recordings, int relaySipPort) throws IOException {
        int port = freePortRun(3);
        Files.writeString(dir.resolve("config"), String.join("\n",
                "poll_method epoll",
                "sip_listen 127.0.0.1:" + port,
                "net_interface 127.0.0.1",
                "audio_player aubridge,nil",
                "audio_source aufile," + dir.resolve("source.wav"),
                "audio_alert aubridge,nil",
                "ausrc_srate 8000", "auplay_srate 8000", "ausrc_channels 1", "auplay_channels 1",
                "rtp_ports 31000-31999",
                "module_path /usr/lib/baresip/modules",
                "module stdio.so", "module g711.so", "module aufile.so", "module aubridge.so", "module sndfile.so",
                "module_tmp uuid.so", "module_tmp account.so",
                "module_app menu.so", "module_app ctrl_tcp.so",
                "ctrl_tcp_listen 127.0.0.1:" + (port + 2),
                "snd_path " + recordings,
                "ringback_disabled yes",
                ""), StandardCharsets.US_ASCII);
        Files.writeString(dir.resolve("accounts"), "<sip:" + SIP_NUMBER + "@127.0.0.1:" + relaySipPort
                + ";transport=udp>;auth_user=" + SIP_NUMBER + ";auth_pass=" + SIP_PASSWORD
                + ";answermode=auto;audio_codecs=PCMU;regint=600\n", StandardCharsets.US_ASCII);
        return port + 2;
    }

    /** baresip's recording of what it received ({@code dump-*-dec.wav}). */
    private static Path decodedRecording(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            List<Path> dec = files.filter(f -> f.getFileName().toString().endsWith("-dec.wav")).toList();
            assertEquals(1, dec.size(), "one recording of received audio in " + dir + ": " + dec);
            return dec.get(0);
        }
    }

    /** The first of {@code n} consecutive ports free for UDP and TCP: baresip also listens on its port + 1. */
    private static int freePortRun(int n) throws IOException {
        for (int attempt = 0; attempt < 100; attempt++) {
            int base;
            try (DatagramSocket probe = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
                base = probe.getLocalPort();
            }
            boolean free = base + n <= 65535;
            for (int p = base; p < base + n && free; p++) {
                try (DatagramSocket u = new DatagramSocket(p, InetAddress.getLoopbackAddress());
                     ServerSocket t = new ServerSocket(p, 1, InetAddress.getLoopbackAddress())) {
                    free = u.isBound() && t.isBound();
                } catch (IOException e) {
                    free = false;
                }
            }
            if (free) {
                return base;
            }
        }
        throw new IOException("no run of " + n + " free ports");
    }
}
