package org.pippin.network;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.net.NetworkInterface;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.pippin.identity.IdentityKey;
import org.pippin.identity.RegistrarRecord;
import org.pippin.protocol.Answer;
import org.pippin.protocol.Bye;
import org.pippin.protocol.Frame;
import org.pippin.protocol.Invite;
import org.pippin.protocol.Redirect;
import org.pippin.protocol.RelayList;
import org.pippin.protocol.Ringing;
import org.pippin.protocol.VmAnswer;
import org.pippin.protocol.VoicePacket;
import org.pippin.protocol.Wire;
import org.pippin.relay.dht.DhtClient;
import org.pippin.relay.dht.PresenceRecord;

/**
 * Six relay jar processes, each with its own dhtnode, as one Pippin network inside the test's own network namespace
 * (see netns/bin/java): R0 is the registrar's single member, R1..R5 are registrar clients, R5 has an uplink budget too
 * small for any call. Java SE phones with keys own their numbers through the registrar and attach to different
 * relays. Calls cross relays with real GSM audio both ways; a forged presence record is ignored; the full relay
 * redirects; two relays die by kill -9 (one serving the callee) and calls work again once their phones re-attach.
 * Set-up times and the time from a relay's death to its phones being callable again are printed, not asserted.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MultiRelayIT {

    private static final int NETWORK = 4242;
    private static final int SETUP_SAMPLES = 40;
    private static final List<RelayProcess> relays = new ArrayList<>();
    private static RelayProcess r0;
    private static RelayProcess r1;
    private static RelayProcess r2;
    private static RelayProcess r3;
    private static RelayProcess r4;
    private static RelayProcess r5;
    private static NetPhone a;
    private static NetPhone b;
    private static NetPhone c;
    private static NetPhone d;
    private static NetPhone e;
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @BeforeAll
    static void startNetwork() throws Exception {
        List<String> interfaces = new ArrayList<>();
        for (NetworkInterface i : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            interfaces.add(i.getName());
        }
        if (!interfaces.equals(List.of("lo"))) {
            fail("must run in a network namespace of its own with only loopback (the failsafe JVM is started "
                    + "through netns/bin/java): dhtnode listens on every address; interfaces here: " + interfaces);
        }
        if (!onPath("dhtnode")) {
            fail("dhtnode is missing: apt-get install --no-install-recommends dhtnode (.ci/run does)");
        }
        Path dir = Path.of(System.getProperty("pippin.network.dir", "target/network"))
                .resolve("run-" + System.currentTimeMillis());
        r0 = start("r0", 0, dir, List.of("registrar.members=r1@127.0.0.1:7099"));
        r0.awaitReady();
        String registrar = r0.registrarKey();
        List<String> client = List.of("registrar.self=", "registrar.members=r1@127.0.0.1:7099",
                "registrar.trusted.keys=" + registrar, "dht.node.bootstrap=127.0.0.1:" + r0.dhtPort);
        r1 = start("r1", 1, dir, client);
        r2 = start("r2", 2, dir, client);
        r3 = start("r3", 3, dir, client);
        r4 = start("r4", 4, dir, client);
        List<String> small = new ArrayList<>(client);
        small.add("uplink.kbps=8");
        r5 = start("r5", 5, dir, small);
        for (RelayProcess r : relays) {
            r.awaitReady();
        }
        a = phone("A", r1, "27000001");
        b = phone("B", r2, "27000002");
        c = phone("C", r3, "27000003");
        d = phone("D", r4, "27000004");
        e = phone("E", r5, "27000005");
    }

    private static RelayProcess start(String name, int index, Path dir, List<String> settings) throws IOException {
        RelayProcess r = RelayProcess.start(name, index, dir.resolve(name), settings);
        relays.add(r);
        return r;
    }

    private static NetPhone phone(String name, RelayProcess relay, String number) throws Exception {
        NetPhone p = new NetPhone(name);
        p.connect(relay.port);
        p.claim(number);
        p.attach(relay.port);
        return p;
    }

    private static boolean onPath(String tool) {
        for (String d : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (Files.isExecutable(Path.of(d, tool))) {
                return true;
            }
        }
        return false;
    }

    @AfterAll
    static void stopNetwork() throws Exception {
        for (NetPhone p : new NetPhone[] {a, b, c, d, e}) {
            if (p != null) {
                p.close();
            }
        }
        for (RelayProcess r : relays) {
            r.stop();
        }
        // Nothing of the test may outlive it: the namespace goes away with its last process.
        ProcessHandle.current().descendants().forEach(ProcessHandle::destroyForcibly);
    }

    // ---- helpers ------------------------------------------------------------------------------------------------

    private static String status(RelayProcess r) throws Exception {
        HttpRequest req = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + r.httpPort + "/status")).GET()
                .build();
        return HTTP.send(req, HttpResponse.BodyHandlers.ofString()).body();
    }

    /** The DHT line of a relay's status page, once it matches {@code pattern} (the directory refreshes every 2 s). */
    private static Matcher awaitStatus(RelayProcess r, String pattern) throws Exception {
        Pattern p = Pattern.compile(pattern);
        String last = "";
        long deadline = System.nanoTime() + 90_000_000_000L;
        while (System.nanoTime() < deadline) {
            last = status(r);
            Matcher m = p.matcher(last);
            if (m.find()) {
                return m;
            }
            Thread.sleep(200); // waiting on another process's state, which has no event to wait for
        }
        fail(r.name + " status never matched " + pattern + ":\n" + last + "\n" + r.log());
        return null;
    }

    /** A calls B's number and B answers at once; returns {A's channel, B's channel}, or null if refused. */
    private static int[] call(NetPhone from, NetPhone to, int callId) throws Exception {
        from.send(from.invite(callId, to.number));
        Frame f = waitFor(from, to);
        if (f instanceof VmAnswer) {
            // Presence still names the callee's dead relay, so voicemail on the caller's relay answered: hang up.
            from.send(new Bye(callId, Wire.BYE_NORMAL));
            while (from.voice.poll(300, TimeUnit.MILLISECONDS) != null) {
                // the greeting already on its way; the next call must hear only its own voice
            }
            return null;
        }
        if (!(f instanceof Invite)) {
            return null;
        }
        Invite in = (Invite) f;
        assertEquals(callId, in.callId);
        assertEquals(from.number, in.caller);
        assertOwnerRecord(in.record(), from);
        to.send(new Ringing(callId));
        assertEquals(callId, from.expect(Ringing.class).callId);
        to.send(new Answer(callId, Wire.CODEC_GSM, 100, 0));
        Answer ans = from.expect(Answer.class);
        assertEquals(Wire.CODEC_GSM, ans.codec);
        assertOwnerRecord(ans.record(), to);
        return new int[] {ans.channel, in.channel};
    }

    /** The far end's registrar record, which the relays attach to INVITE and ANSWER, names its number and key. */
    private static void assertOwnerRecord(byte[] record, NetPhone owner) throws Exception {
        RegistrarRecord r = RegistrarRecord.decode(record, 0, record.length);
        assertEquals(RegistrarRecord.OWNED, r.state);
        assertEquals(owner.number, r.number);
        assertArrayEquals(owner.key.publicKey(), r.ownerKey());
    }

    /** The INVITE at the callee, or the caller's REJECT (returned as is), whichever comes first. */
    private static Frame waitFor(NetPhone caller, NetPhone callee) throws Exception {
        long deadline = System.nanoTime() + NetPhone.WAIT_SECONDS * 1_000_000_000L;
        while (System.nanoTime() < deadline) {
            Frame f = callee.poll(5);
            if (f != null) {
                return f;
            }
            Frame g = caller.poll(5);
            if (g != null) {
                return g;
            }
        }
        fail(caller + " -> " + callee + ": neither INVITE nor answer within " + NetPhone.WAIT_SECONDS + " s");
        return null;
    }

    /** Two seconds of a tone each way, checked byte for byte and by decoding it. */
    private static void audioBothWays(NetPhone x, int xChannel, NetPhone y, int yChannel) throws Exception {
        oneWay(x, xChannel, y, yChannel, 440);
        oneWay(y, yChannel, x, xChannel, 1000);
    }

    private static void oneWay(NetPhone from, int fromChannel, NetPhone to, int toChannel, int hz)
            throws Exception {
        byte[][] sent = Tone.encode(hz, 20);
        byte[][] got = new byte[sent.length][];
        for (int i = 0; i < sent.length; i++) {
            from.sendVoice(fromChannel, i, sent[i]);
        }
        for (int i = 0; i < sent.length; i++) {
            byte[] v = to.expectVoice();
            assertEquals(toChannel, VoicePacket.channel(v, 0), "channel rewritten to the receiver's");
            int seq = VoicePacket.sequence(v, 0);
            got[seq] = Arrays.copyOfRange(v, VoicePacket.HEADER, v.length);
            assertArrayEquals(sent[seq], got[seq], "voice packet " + seq + " " + from + " -> " + to);
        }
        double[] m = Tone.measure(got);
        assertTrue(Math.abs(m[0] - hz) < hz * 0.05, from + " -> " + to + ": heard " + m[0] + " Hz, sent " + hz);
        assertTrue(m[1] > 2000, from + " -> " + to + ": tone too quiet after decoding, RMS " + m[1]);
    }

    private static void hangUp(NetPhone caller, NetPhone callee, int callId) throws Exception {
        caller.send(new Bye(callId, Wire.BYE_NORMAL));
        Bye bye = callee.expect(Bye.class);
        assertEquals(callId, bye.callId);
        assertEquals(Wire.BYE_NORMAL, bye.reason);
    }

    private static int newCallId() {
        return ThreadLocalRandom.current().nextInt() | 1;
    }

    private static String percentiles(List<Long> nanos) {
        List<Long> s = new ArrayList<>(nanos);
        Collections.sort(s);
        double median = s.get(s.size() / 2) / 1e6;
        double p99 = s.get(Math.min(s.size() - 1, (int) Math.ceil(s.size() * 0.99) - 1)) / 1e6;
        return String.format("median %.2f ms, p99 %.2f ms, max %.2f ms over %d calls", median, p99,
                s.get(s.size() - 1) / 1e6, s.size());
    }

    // ---- tests ----------------------------------------------------------------------------------------------

    @Test
    @Order(1)
    void everyRelayReadsBackItsOwnWritesAndSeesTheDirectory() throws Exception {
        for (RelayProcess r : relays) {
            awaitStatus(r, "DHT: own writes readable, 6 relays, ");
        }
    }

    @Test
    @Order(2)
    void phonesGetTheRelayListMostSpareUplinkFirst() throws Exception {
        RelayList list = e.relays();
        assertEquals(6, list.size(), list.toString());
        assertEquals("127.0.0.1:" + r5.port, list.relay(5), "the full relay comes last: " + list);
        assertEquals(8, list.spareKbps(5));
        for (int i = 0; i < 5; i++) {
            assertTrue(list.spareKbps(i) >= 400, list.toString());
        }
    }

    @Test
    @Order(3)
    void callsAcrossRelaysCarryAudioBothWays() throws Exception {
        // A phone's login may already have linked r1 and r2 (its relay asks the others for voicemail listings), from
        // either side: the calls must use that link, or open exactly one.
        String r2Link = "relay " + IdentityKey.fingerprint(relayKey(r2)) + ": link up (";
        long linksBefore = r1.logCount(r2Link);
        int id = newCallId();
        int[] ch = call(a, b, id);
        assertTrue(ch != null, "A on r1 could not call B on r2");
        audioBothWays(a, ch[0], b, ch[1]);
        hangUp(a, b, id);
        // The other way round and between two other relays, over links opened from the other side.
        id = newCallId();
        ch = call(b, a, id);
        assertTrue(ch != null, "B on r2 could not call A on r1");
        audioBothWays(b, ch[0], a, ch[1]);
        hangUp(a, b, id);
        id = newCallId();
        ch = call(c, d, id);
        assertTrue(ch != null, "C on r3 could not call D on r4");
        audioBothWays(c, ch[0], d, ch[1]);
        hangUp(d, c, id);
        assertEquals(Math.max(1, linksBefore), r1.logCount(r2Link), r1.log());

        List<Long> setUp = new ArrayList<>();
        for (int i = 0; i < SETUP_SAMPLES; i++) {
            int cid = newCallId();
            long t0 = System.nanoTime();
            int[] x = call(a, b, cid);
            setUp.add(System.nanoTime() - t0);
            assertTrue(x != null, "call " + i);
            hangUp(b, a, cid);
        }
        System.out.println("NETWORK call set-up across two relays (INVITE sent -> ANSWER heard, loopback, DHT "
                + "lookup per call): " + percentiles(setUp));
    }

    @Test
    @Order(4)
    void forgedPresenceIsIgnored() throws Exception {
        // A record that sends B's calls to r3, newer than B's real one, signed by a key that is not r3's.
        byte[] r3Key = relayKey(r3);
        byte[] forgerSecret = new byte[IdentityKey.SECRET_KEY_SIZE];
        ThreadLocalRandom.current().nextBytes(forgerSecret);
        IdentityKey forger = IdentityKey.fromSecret(forgerSecret);
        long now = System.currentTimeMillis();
        byte[] forged = new PresenceRecord(NETWORK, b.number, forger.publicKey(), now + 60_000, now + 600_000,
                "127.0.0.1:" + r3.port).sign(forger);
        int keyAt = indexOf(forged, forger.publicKey());
        System.arraycopy(r3Key, 0, forged, keyAt, r3Key.length);
        DhtClient dht = new DhtClient(8300, 2000);
        dht.put("pippin/" + NETWORK + "/presence/" + b.number, 0x0123456789ABCDEFL, forged);
        dht.put("pippin/" + NETWORK + "/presence/" + b.number, 0x0123456789ABCDEEL, new byte[] {1, 2, 3});
        String before = awaitStatus(r1, "(\\d+) records rejected").group(1);

        int id = newCallId();
        int[] ch = call(a, b, id);
        assertTrue(ch != null, "the forged record kept A from reaching B");
        audioBothWays(a, ch[0], b, ch[1]);
        hangUp(a, b, id);
        assertEquals(0, r3.logCount("from relay"), "the forged record sent a call to r3:\n" + r3.log());
        int after = Integer.parseInt(awaitStatus(r1, "(\\d+) records rejected").group(1));
        assertTrue(after >= Integer.parseInt(before) + 2, "r1 rejected " + before + " then " + after);
    }

    @Test
    @Order(5)
    void aFullRelayRedirectsToOneWithSpareUplink() throws Exception {
        int id = newCallId();
        e.send(e.invite(id, a.number));
        Redirect r = e.expect(Redirect.class);
        assertEquals(id, r.callId);
        assertEquals(Wire.REJECT_RELAY_FULL, r.reason);
        assertNotEquals("127.0.0.1:" + r5.port, r.relay);
        int port = Integer.parseInt(r.relay.substring(r.relay.lastIndexOf(':') + 1));
        assertTrue(relays.stream().anyMatch(x -> x.port == port && x != r5), r.relay);
        assertTrue(r5.log().contains("redirected to"), r5.log());

        e.attach(port);
        id = newCallId();
        int[] ch = call(e, a, id);
        assertTrue(ch != null, "E could not call A from the relay it was redirected to");
        audioBothWays(e, ch[0], a, ch[1]);
        hangUp(e, a, id);
    }

    @Test
    @Order(6)
    void killingTwoRelaysEndsTheirCallsAndTheirPhonesAreCallableAgain() throws Exception {
        // Phones keep a fallback: the relay list, fetched while their relay is there.
        RelayList bList = b.relays();
        RelayList cList = c.relays();
        // Steady calls over both relays about to die: A (r1) with B (r2), D (r4) with C (r3).
        int ab = newCallId();
        int[] abCh = call(a, b, ab);
        assertTrue(abCh != null);
        int dc = newCallId();
        int[] dcCh = call(d, c, dc);
        assertTrue(dcCh != null);

        long killed = System.nanoTime();
        r2.kill();
        r3.kill();
        // The surviving relays notice their links are gone and tell their phones.
        Bye byeA = a.expect(Bye.class);
        assertEquals(ab, byeA.callId);
        assertEquals(Wire.BYE_PEER_LOST, byeA.reason);
        Bye byeD = d.expect(Bye.class);
        assertEquals(dc, byeD.callId);
        assertEquals(Wire.BYE_PEER_LOST, byeD.reason);
        long told = System.nanoTime();
        // The phones of the dead relays lose their connection and re-attach to their fallback relay.
        assertTrue(b.awaitGone(5000), "B did not notice r2 die");
        assertTrue(c.awaitGone(5000), "C did not notice r3 die");
        int bFallback = NetPhone.pickFallback(bList, r2.port, 32);
        int cFallback = NetPhone.pickFallback(cList, r3.port, 32);
        assertTrue(bFallback != 0 && bFallback != r3.port && bFallback != r5.port, "B's fallback :" + bFallback);
        assertTrue(cFallback != 0 && cFallback != r2.port && cFallback != r5.port, "C's fallback :" + cFallback);
        b.attach(bFallback);
        c.attach(cFallback);
        long reattached = System.nanoTime();

        // Both at once, so neither figure includes the other's calls.
        CompletableFuture<Long> bAgain = callableAgainAsync(a, b);
        CompletableFuture<Long> cAgain = callableAgainAsync(d, c);
        long bBack = bAgain.get() - killed;
        long cBack = cAgain.get() - killed;
        System.out.printf("NETWORK relay death (kill -9 of 2 of 6): far ends told after %.1f ms; phones "
                + "re-attached after %.1f ms; callable again after %.1f ms (B via :%d) and %.1f ms (C via :%d)%n",
                (told - killed) / 1e6, (reattached - killed) / 1e6, bBack / 1e6, bFallback, cBack / 1e6, cFallback);
        assertTrue(r1.log().contains("BYE PEER_LOST, relay link"), r1.log());
    }

    private static CompletableFuture<Long> callableAgainAsync(NetPhone from, NetPhone to) {
        CompletableFuture<Long> f = new CompletableFuture<>();
        Thread t = new Thread(() -> {
            try {
                f.complete(callableAgain(from, to));
            } catch (Throwable x) {
                f.completeExceptionally(x);
            }
        }, "call-" + to.name);
        t.start();
        return f;
    }

    /** Calls until one gets through (the callee's new presence may take a moment); returns when it was answered. */
    private static long callableAgain(NetPhone from, NetPhone to) throws Exception {
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (System.nanoTime() < deadline) {
            int id = newCallId();
            int[] ch = call(from, to, id);
            if (ch != null) {
                long t = System.nanoTime();
                audioBothWays(from, ch[0], to, ch[1]);
                hangUp(from, to, id);
                return t;
            }
            Thread.sleep(50); // as a person redials: the refusal itself came back at once
        }
        fail(to + " never became callable from " + from + ":\n" + r1.log());
        return 0;
    }

    private static byte[] relayKey(RelayProcess r) throws Exception {
        byte[] k = Files.readAllBytes(r.dir.resolve("data").resolve("relay-identity.key"));
        return IdentityKey.decode(k, 0, k.length).publicKey();
    }

    private static int indexOf(byte[] hay, byte[] needle) {
        for (int i = 0; i + needle.length <= hay.length; i++) {
            if (Arrays.equals(hay, i, i + needle.length, needle, 0, needle.length)) {
                return i;
            }
        }
        throw new IllegalArgumentException("not found");
    }
}
