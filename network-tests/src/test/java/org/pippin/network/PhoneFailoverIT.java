package org.pippin.network;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.InputStream;
import java.net.NetworkInterface;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.pippin.codec.Wav;
import org.pippin.protocol.Answer;
import org.pippin.protocol.Bye;
import org.pippin.protocol.Frame;
import org.pippin.protocol.Invite;
import org.pippin.protocol.Reject;
import org.pippin.protocol.Ringing;
import org.pippin.protocol.VoicePacket;
import org.pippin.protocol.Wire;

/**
 * A real MIDlet in MicroEmulator chooses its relay and fails over: four relay jars with their dhtnodes in the test's
 * network namespace (R0 the registrar's member, R1..R3 its clients). The MIDlet has R1 and R2 as seeds, probes both,
 * attaches to the quicker and keeps the other as its fallback. Its relay dies by kill -9 (the kernel then answers its
 * port with ICMP unreachable); the MIDlet logs in at its fallback, which writes its presence, and B (a Java SE phone on
 * another relay) calls it there: the call crosses two relays and carries the MIDlet's audio to B and B's to the
 * MIDlet. Meanwhile the MIDlet learnt the network's relays and probed them for a new fallback. Then its new relay
 * goes silent (SIGSTOP: no ICMP, no reset, as when a machine loses power); unanswered KEEPALIVEs tell the MIDlet, it
 * moves to the new fallback and is called there. The times from each relay's death to the MIDlet answering a call
 * again are printed, not asserted. Last, a MIDlet whose only seed is dead learns the network's relays over HTTP
 * ({@code relays.xml}, parsed with kXML2 in the emulator) at its first start and logs in at one of them. First of all,
 * a MIDlet whose only seed is full (R4's uplink budget fits no call) attaches there, dials B, is answered REDIRECT,
 * moves to the relay named, dials again from there and B hears it.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PhoneFailoverIT {

    private static final String A_NUMBER = "27000011";
    private static final String B_NUMBER = "27000012";
    private static final List<RelayProcess> relays = new ArrayList<>();
    private static RelayProcess r0;
    private static RelayProcess r1;
    private static RelayProcess r2;
    private static RelayProcess r3;
    /** A relay whose uplink budget fits no call: it redirects every call to a relay with room. */
    private static RelayProcess r4;
    private static EmulatedPhone d;
    private static NetPhone b;
    private static EmulatedPhone a;
    private static EmulatedPhone c;
    private static Path dir;

    @BeforeAll
    static void startNetwork() throws Exception {
        List<String> interfaces = new ArrayList<>();
        for (NetworkInterface i : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            interfaces.add(i.getName());
        }
        if (!interfaces.equals(List.of("lo"))) {
            fail("must run in a network namespace of its own with only loopback (netns/bin/java); interfaces: "
                    + interfaces);
        }
        dir = Path.of(System.getProperty("pippin.network.dir", "target/network"))
                .resolve("failover-" + System.currentTimeMillis());
        // Ports of their own (index 6..9), so nothing collides with MultiRelayIT's relays; no voicemail, so a call
        // to a phone that is attached nowhere yet is refused at once rather than answered by a relay.
        List<String> common = List.of("voicemail.enabled=false");
        List<String> member = new ArrayList<>(common);
        member.add("registrar.members=r1@127.0.0.1:7097");
        r0 = start("r0", 6, member);
        r0.awaitReady();
        List<String> client = new ArrayList<>(common);
        client.addAll(List.of("registrar.self=", "registrar.members=r1@127.0.0.1:7097",
                "registrar.trusted.keys=" + r0.registrarKey(), "dht.node.bootstrap=127.0.0.1:" + r0.dhtPort));
        r1 = start("r1", 7, client);
        r2 = start("r2", 8, client);
        r3 = start("r3", 9, client);
        List<String> full = new ArrayList<>(client);
        full.add("uplink.kbps=8");
        r4 = start("r4", 10, full);
        r1.awaitReady();
        r2.awaitReady();
        r3.awaitReady();
        r4.awaitReady();
        for (RelayProcess r : relays) {
            awaitStatus(r, "DHT: own writes readable, 5 relays, ");
        }
        b = new NetPhone("B");
        b.connect(r0.port);
        b.claim(B_NUMBER);
        b.attach(r0.port);
    }

    private static RelayProcess start(String name, int index, List<String> settings) throws Exception {
        RelayProcess r = RelayProcess.start(name, index, dir.resolve(name), settings);
        relays.add(r);
        return r;
    }

    private static void awaitStatus(RelayProcess r, String text) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        String last = "";
        long deadline = System.nanoTime() + 90_000_000_000L;
        while (System.nanoTime() < deadline) {
            last = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + r.httpPort + "/status")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            if (last.contains(text)) {
                return;
            }
            Thread.sleep(200); // another process's state, with no event to wait for
        }
        fail(r.name + " status never said '" + text + "':\n" + last + "\n" + r.log());
    }

    @AfterAll
    static void stopNetwork() throws Exception {
        if (a != null) {
            a.close();
        }
        if (c != null) {
            c.close();
        }
        if (d != null) {
            d.close();
        }
        if (b != null) {
            b.close();
        }
        for (RelayProcess r : relays) {
            r.stop();
        }
        ProcessHandle.current().descendants().forEach(ProcessHandle::destroyForcibly);
    }

    /** {@code seconds} of a {@code hz} tone, 8 kHz. */
    private static short[] tone(int hz, int seconds) {
        short[] pcm = new short[Tone.RATE * seconds];
        for (int i = 0; i < pcm.length; i++) {
            pcm[i] = (short) (8000 * Math.sin(2 * Math.PI * hz * i / Tone.RATE));
        }
        return pcm;
    }

    @Test
    @Order(0)
    void aMidletOnAFullRelayIsRedirectedAndCallsFromThere() throws Exception {
        Map<String, String> jad = new LinkedHashMap<>();
        // Its only seed is full: the probe finds no relay with room, so it attaches there all the same.
        jad.put("Pippin-Relay", "127.0.0.1:" + r4.port);
        jad.put("Pippin-Relays", "127.0.0.1:" + r4.port);
        jad.put("Pippin-Auto-Claim", "27000014");
        jad.put("Pippin-Auto-Dial", B_NUMBER);
        jad.put("Pippin-Audio", "file");
        jad.put("Pippin-Audio-In", "file:///root1/in.wav");
        jad.put("Pippin-Audio-Out", "file:///root1/out.wav");
        Files.createDirectories(dir.resolve("d"));
        d = EmulatedPhone.start("D", dir.resolve("d"), jad, tone(1000, 20));
        d.awaitEvent("registered 27000014 ", 0, 120);

        int redirected = d.awaitEvent("redirected ", 0, 60);
        String redial = d.event(d.awaitEvent("redial " + B_NUMBER + " via ", redirected, 60));
        String to = redial.substring(redial.lastIndexOf(' ') + 1);
        assertNotEquals("127.0.0.1:" + r4.port, to, redial);
        RelayProcess roomy = byAddress(to);
        assertTrue(r4.log().contains("redirected to"), r4.log());

        // B (on r0) gets the redialled call, from D's new relay, and hears D's 1000 Hz tone.
        Invite in = null;
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (in == null && System.nanoTime() < deadline) {
            Frame f = b.poll(100);
            if (f instanceof Invite) {
                in = (Invite) f;
            }
        }
        assertTrue(in != null, "B never got D's call:\n" + roomy.log());
        assertEquals("27000014", in.caller);
        b.send(new Ringing(in.callId));
        b.send(new Answer(in.callId, Wire.CODEC_GSM, 100, 0));
        byte[][] got = new byte[20][];
        for (int i = 0; i < got.length; i++) {
            byte[] v = b.expectVoice();
            got[i] = java.util.Arrays.copyOfRange(v, VoicePacket.HEADER, v.length);
        }
        double[] m = Tone.measure(got);
        assertTrue(Math.abs(m[0] - 1000) < 50, "B heard " + m[0] + " Hz from D, it sends 1000 Hz");
        b.send(new Bye(in.callId, Wire.BYE_NORMAL));
        d.awaitEvent("ended ", redirected, 20);
        assertTrue(roomy.log().contains("phone 27000014"), roomy.log());
        System.out.println("NETWORK MIDlet redirected by a full relay: " + d.event(redirected) + "; " + redial);
        d.close();
        d = null;
        b.frames.clear();
        b.voice.clear();
    }

    @Test
    @Order(1)
    void theMidletFailsOverToItsFallbackAndIsCalledThere() throws Exception {
        Map<String, String> jad = new LinkedHashMap<>();
        jad.put("Pippin-Relay", "127.0.0.1:" + r1.port);
        jad.put("Pippin-Relays", "127.0.0.1:" + r1.port + ",127.0.0.1:" + r2.port);
        jad.put("Pippin-Auto-Claim", A_NUMBER);
        jad.put("Pippin-Auto-Answer", "answer");
        jad.put("Pippin-Audio", "file");
        jad.put("Pippin-Audio-In", "file:///root1/in.wav");
        jad.put("Pippin-Audio-Out", "file:///root1/out.wav");
        Files.createDirectories(dir.resolve("a"));
        a = EmulatedPhone.start("A", dir.resolve("a"), jad, tone(1000, 20));

        String chosen = a.event(a.awaitEvent("relay-chosen ", 0, 120));
        String[] words = chosen.split(" ");
        String first = words[1];
        String fallback = words[2].substring("fallback=".length());
        assertNotEquals("-", fallback, "both relays answered the probe: " + chosen);
        assertEquals(2, countEvents("probe "), "both relays probed");
        a.awaitEvent("registered " + A_NUMBER + " udp", 0, 120);
        int mark = a.eventCount();
        RelayProcess dying = first.equals("127.0.0.1:" + r1.port) ? r1 : r2;
        RelayProcess survivor = dying == r1 ? r2 : r1;
        assertEquals("127.0.0.1:" + survivor.port, fallback);
        // The MIDlet's relay writes its presence: B's relay finds A there.
        call(true);

        long killed = System.nanoTime();
        dying.kill();
        int lost = a.awaitEvent("error relay lost", mark, 60);
        int moved = a.awaitEvent("failover " + first + " " + fallback, lost, 30);
        int back = a.awaitEvent("reattached " + fallback, moved, 60);
        long answered = callableAgain();
        System.out.printf("NETWORK MIDlet failover, relay killed (kill -9, ICMP unreachable): loss noticed after "
                + "%.1f ms (%s); logged in at its fallback after %.1f ms; callable again (B's call from another "
                + "relay answered) after %.1f ms%n", (a.eventNanos(lost) - killed) / 1e6, a.event(lost),
                (a.eventNanos(back) - killed) / 1e6, (answered - killed) / 1e6);
        assertTrue(survivor.log().contains("phone " + A_NUMBER), survivor.log());

        // The new fallback, from the relay list the new relay gave and a probe in the background.
        String next = a.event(a.awaitEvent("fallback ", back, 30)).substring("fallback ".length());
        assertNotEquals("-", next);
        assertNotEquals(fallback, next);
        RelayProcess third = byAddress(next);
        // B on a relay that is neither A's relay nor its fallback, so the next call crosses relays too.
        for (RelayProcess r : List.of(r0, r3, dying == r1 ? r2 : r1)) {
            if (r != survivor && r != third && r != dying) {
                b.attach(r.port);
                break;
            }
        }
        mark = a.eventCount();
        long frozen = System.nanoTime();
        survivor.freeze();
        lost = a.awaitEvent("error relay lost", mark, 60);
        moved = a.awaitEvent("failover " + fallback + " " + next, lost, 30);
        back = a.awaitEvent("reattached " + next, moved, 60);
        answered = callableAgain();
        System.out.printf("NETWORK MIDlet failover, relay silent (SIGSTOP, no ICMP; keepalive 5 s): loss noticed "
                + "after %.1f ms (%s); logged in at its new fallback after %.1f ms; callable again after %.1f ms%n",
                (a.eventNanos(lost) - frozen) / 1e6, a.event(lost), (a.eventNanos(back) - frozen) / 1e6,
                (answered - frozen) / 1e6);
        survivor.kill();
    }

    private static RelayProcess byAddress(String address) {
        for (RelayProcess r : relays) {
            if (address.equals("127.0.0.1:" + r.port)) {
                return r;
            }
        }
        throw new AssertionError("no relay at " + address);
    }

    @Test
    @Order(2)
    void aMidletWhoseSeedIsDeadLearnsTheRelaysOverHttp() throws Exception {
        Map<String, String> jad = new LinkedHashMap<>();
        // Nothing listens there: UDP, TCP and the extra port all fail at once.
        jad.put("Pippin-Relay", "127.0.0.1:7199");
        jad.put("Pippin-Relays-Url", "http://127.0.0.1:" + r0.httpPort + "/relays.xml");
        jad.put("Pippin-Auto-Claim", "27000013");
        Files.createDirectories(dir.resolve("c"));
        c = EmulatedPhone.start("C", dir.resolve("c"), jad, tone(1000, 1));
        String fetched = c.event(c.awaitEvent("relays-fetched ", 0, 60));
        assertTrue(Integer.parseInt(fetched.split(" ")[1]) >= 2, fetched);
        int registered = c.awaitEvent("registered 27000013 ", 0, 120);
        RelayProcess at = null;
        for (RelayProcess r : relays) {
            if (r.isAlive() && r.log().contains("phone 27000013")) {
                at = r;
            }
        }
        assertTrue(at != null, "no live relay has C: " + c.event(registered));
        System.out.println("NETWORK MIDlet with a dead seed: " + fetched + " over HTTP, then logged in at "
                + at.name + " (" + c.event(registered) + ")");
    }

    private int countEvents(String prefix) {
        int n = 0;
        for (int i = 0; i < a.eventCount(); i++) {
            n += a.event(i).startsWith(prefix) ? 1 : 0;
        }
        return n;
    }

    /** B calls A until A answers (its new presence may take a moment); returns when the ANSWER arrived. */
    private static long callableAgain() throws Exception {
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (System.nanoTime() < deadline) {
            Long t = call(false);
            if (t != null) {
                return t;
            }
            Thread.sleep(100); // as a person redials: the refusal came back at once
        }
        fail("A never became callable again:\n" + r0.log());
        return 0;
    }

    /**
     * B calls A; A answers by itself. Checks the tone each way through two relays and hangs up. Returns when the
     * ANSWER came, or null if the call was refused (and {@code mustConnect} is false).
     */
    private static Long call(boolean mustConnect) throws Exception {
        int id = ThreadLocalRandom.current().nextInt() | 1;
        b.frames.clear();
        b.voice.clear();
        b.send(b.invite(id, A_NUMBER));
        Answer ans = null;
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (ans == null && System.nanoTime() < deadline) {
            Frame f = b.poll(100);
            if (f instanceof Answer && ((Answer) f).callId == id) {
                ans = (Answer) f;
            } else if (f instanceof Reject && ((Reject) f).callId == id) {
                assertTrue(!mustConnect, "A refused the call: " + f);
                return null;
            }
        }
        assertTrue(ans != null, "A neither answered nor refused within 20 s");
        long answered = System.nanoTime();
        assertEquals(Wire.CODEC_GSM, ans.codec);
        int before = a.eventCount();
        // B's 440 Hz tone to A while A's 1000 Hz tone comes back.
        byte[][] sent = Tone.encode(440, 30);
        byte[][] got = new byte[20][];
        for (int i = 0; i < sent.length; i++) {
            b.sendVoice(ans.channel, i, sent[i]);
            Thread.sleep(100); // a phone's pace, 100 ms of voice a packet: the MIDlet's jitter buffer drops bursts
        }
        for (int i = 0; i < got.length; i++) {
            byte[] v = b.expectVoice();
            got[i] = java.util.Arrays.copyOfRange(v, VoicePacket.HEADER, v.length);
        }
        double[] m = Tone.measure(got);
        assertTrue(Math.abs(m[0] - 1000) < 50, "B heard " + m[0] + " Hz from the MIDlet, it sends 1000 Hz");
        assertTrue(m[1] > 2000, "the MIDlet's tone too quiet at B: RMS " + m[1]);
        b.send(new Bye(id, Wire.BYE_NORMAL));
        a.awaitEvent("ended ", before, 20);
        checkRecording();
        return answered;
    }

    /** A's recording of the call (written when it ends): B's 440 Hz tone. */
    private static void checkRecording() throws Exception {
        Path out = a.file("out.wav");
        short[] pcm;
        try (InputStream in = Files.newInputStream(out)) {
            int bytes = Wav.readHeader(in);
            byte[] raw = in.readAllBytes();
            int n = (bytes >= 0 ? Math.min(bytes, raw.length) : raw.length) / 2;
            pcm = new short[n];
            Wav.toSamples(raw, 0, pcm, 0, n);
        }
        // Zero crossings over the loud part (the jitter buffer's silence before it and after it aside).
        long crossings = 0;
        long loud = 0;
        short last = 0;
        for (short s : pcm) {
            if (Math.abs(s) > 500 || Math.abs(last) > 500) {
                loud++;
                if ((s >= 0) != (last >= 0)) {
                    crossings++;
                }
            }
            last = s;
        }
        assertTrue(loud > Tone.RATE, "the MIDlet recorded " + loud + " loud samples of B's tone");
        double hz = crossings / 2.0 / ((double) loud / Tone.RATE);
        assertTrue(Math.abs(hz - 440) < 44, "the MIDlet heard " + hz + " Hz, B sent 440 Hz");
    }
}
