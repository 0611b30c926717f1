package org.pippin.network;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
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
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.pippin.protocol.Bye;
import org.pippin.protocol.Frame;
import org.pippin.protocol.Result;
import org.pippin.protocol.VmAnswer;
import org.pippin.protocol.VmAudio;
import org.pippin.protocol.VmDelete;
import org.pippin.protocol.VmFetch;
import org.pippin.protocol.VmList;
import org.pippin.protocol.VmListing;
import org.pippin.protocol.VmWaiting;
import org.pippin.protocol.Wire;
import org.pippin.relay.dht.DhtClient;

/**
 * Voicemail on two relays, through four relay jar processes with their dhtnodes in the test's own network namespace
 * (see MultiRelayIT): R0 is the registrar's member, R1..R3 its clients. A phone on R1 leaves a 30 s message for a
 * number attached nowhere; the caller hears BYE NORMAL only once the message is on two relays; kill -9 of the
 * recording relay; the owner logs in on a third relay, gets message waiting, lists the message, fetches its audio
 * (a copy pulled from the surviving holder) and hears the tone; its delete reaches every live holder, and the
 * recording relay's copy once it is back and the owner logs in again (tombstones). Then the callee's
 * relay dies while presence still names it: the caller's relay takes the message itself, on two relays again, and
 * the owner finds it from another relay. Last, with every other relay down, a message is kept on its recording relay
 * alone (the caller hears BYE PEER_LOST) and gets its second copy once a relay comes back. Bytes per copy and the
 * replication time are printed, not asserted.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class VoicemailNetworkIT {

    private static final int NETWORK = 4343;
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final int TONE_HZ = 440;
    /** voicemail.max.seconds of the relays: the relay ends the call itself, so the caller hears how it went. */
    private static final int MESSAGE_SECONDS = 30;
    private static final Pattern COPY_LOG = Pattern.compile("voicemail (\\p{XDigit}{16}) of \\d+: copy on relay .+? at "
            + "(\\S+) in (\\d+) ms \\((\\d+) bytes\\)");
    private static final List<RelayProcess> relays = new ArrayList<>();
    private static final List<NetPhone> phones = new ArrayList<>();
    private static Path dir;
    private static final List<String> client = new ArrayList<>();

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
        if (!Files.isExecutable(Path.of("/usr/bin/dhtnode"))) {
            fail("dhtnode is missing: apt-get install --no-install-recommends dhtnode (.ci/run does)");
        }
        dir = Path.of(System.getProperty("pippin.network.dir", "target/network"))
                .resolve("voicemail-" + System.currentTimeMillis());
        // Ports apart from MultiRelayIT's (indices 10..13, registrar on 7098), another DHT network id.
        List<String> common = List.of("dht.network=" + NETWORK, "voicemail.max.seconds=" + MESSAGE_SECONDS);
        List<String> member = new ArrayList<>(common);
        member.add("registrar.members=r1@127.0.0.1:7098");
        RelayProcess r0 = start("r0", 10, dir, member);
        r0.awaitReady();
        client.addAll(common);
        client.addAll(List.of("registrar.self=", "registrar.members=r1@127.0.0.1:7098",
                "registrar.trusted.keys=" + r0.registrarKey(), "dht.node.bootstrap=127.0.0.1:" + r0.dhtPort));
        for (int i = 1; i <= 3; i++) {
            start("r" + i, 10 + i, dir, client);
        }
        for (RelayProcess r : relays) {
            r.awaitReady();
        }
        // Every relay must see the whole network in its directory before a copy can go anywhere.
        for (RelayProcess r : relays) {
            awaitStatus(r, "DHT: own writes readable, 4 relays, ");
        }
    }

    private static RelayProcess start(String name, int index, Path dir, List<String> settings) throws IOException {
        RelayProcess r = RelayProcess.start(name, index, dir.resolve(name), settings);
        relays.add(r);
        return r;
    }

    @AfterAll
    static void stopNetwork() throws Exception {
        for (NetPhone p : phones) {
            p.close();
        }
        for (RelayProcess r : relays) {
            r.stop();
        }
        ProcessHandle.current().descendants().forEach(ProcessHandle::destroyForcibly);
    }

    // ---- helpers ------------------------------------------------------------------------------------------------

    private static NetPhone claimed(String name, RelayProcess relay, String number) throws Exception {
        NetPhone p = new NetPhone(name);
        phones.add(p);
        p.connect(relay.port);
        p.claim(number);
        return p;
    }

    private static void awaitStatus(RelayProcess r, String text) throws Exception {
        URI status = URI.create("http://127.0.0.1:" + r.httpPort + "/status");
        String last = "";
        long deadline = System.nanoTime() + 90_000_000_000L;
        while (System.nanoTime() < deadline) {
            last = HTTP.send(HttpRequest.newBuilder(status).GET().build(), HttpResponse.BodyHandlers.ofString())
                    .body();
            if (last.contains(text)) {
                return;
            }
            Thread.sleep(200); // another process's state, with no event to wait for
        }
        fail(r.name + " status never showed '" + text + "':\n" + last);
    }

    /** Waits until the DHT holds a presence record of {@code number} (written by its relay's DHT worker). */
    private static void awaitPresence(RelayProcess r, String number) throws Exception {
        DhtClient dht = new DhtClient(r.dhtPort + 4000, 2000);
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (dht.get("pippin/" + NETWORK + "/presence/" + number).isEmpty()) {
            assertTrue(System.nanoTime() < deadline, "no presence of " + number + " in the DHT");
            Thread.sleep(200);
        }
    }

    /** Waits for {@code text} in the relay's log (written by another process: nothing to wait on but the file). */
    private static String awaitLog(RelayProcess r, String text) throws Exception {
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (System.nanoTime() < deadline) {
            for (String line : r.log().split("\n")) {
                if (line.contains(text)) {
                    return line;
                }
            }
            Thread.sleep(100);
        }
        fail(r.name + " never logged '" + text + "':\n" + r.log());
        return null;
    }

    /** The message files of {@code owner} on relay {@code r}. */
    private static List<Path> files(RelayProcess r, String owner) throws IOException {
        return files(r, owner, ".vm");
    }

    /** The files of {@code owner} on relay {@code r} whose names end in {@code suffix}. */
    private static List<Path> files(RelayProcess r, String owner, String suffix) throws IOException {
        Path d = r.dir.resolve("data").resolve("voicemail").resolve(owner);
        if (!Files.isDirectory(d)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(d)) {
            return s.filter(f -> f.getFileName().toString().endsWith(suffix)).toList();
        }
    }

    private static List<RelayProcess> holders(String owner) throws IOException {
        List<RelayProcess> out = new ArrayList<>();
        for (RelayProcess r : relays) {
            if (!files(r, owner).isEmpty()) {
                out.add(r);
            }
        }
        return out;
    }

    /** The one-copy markers of {@code owner}'s messages on relay {@code r}. */
    private static List<Path> markers(RelayProcess r, String owner) throws IOException {
        return files(r, owner, ".one");
    }

    private static RelayProcess byPort(String address) {
        for (RelayProcess r : relays) {
            if (address.endsWith(":" + r.port)) {
                return r;
            }
        }
        fail("no relay at " + address);
        return null;
    }

    /**
     * The caller leaves a {@link #MESSAGE_SECONDS} s tone for {@code owner}: hears the greeting to its end, sends
     * the tone, and must hear BYE NORMAL (kept on two relays). Returns the ms from the last packet to that BYE.
     */
    private static long leaveMessage(NetPhone caller, String owner, int callId) throws Exception {
        return leaveMessage(caller, owner, callId, Wire.BYE_NORMAL);
    }

    /** As above; {@code reason}: what the caller must hear at the end (BYE PEER_LOST: kept on one relay only). */
    private static long leaveMessage(NetPhone caller, String owner, int callId, int reason) throws Exception {
        caller.send(caller.invite(callId, owner));
        VmAnswer ans = caller.expect(VmAnswer.class);
        assertEquals(callId, ans.callId);
        // The unavailable greeting: 35 packets of 100 ms, paced by the relay, then recording starts.
        for (int i = 0; i < 35; i++) {
            caller.expectVoice();
        }
        byte[][] tone = Tone.encode(TONE_HZ, MESSAGE_SECONDS * 10 + 5);
        for (int i = 0; i < tone.length; i++) {
            caller.sendVoice(ans.channel, i, tone[i]);
        }
        long sent = System.nanoTime();
        Bye bye = caller.expect(Bye.class);
        long ms = (System.nanoTime() - sent) / 1_000_000;
        assertEquals(reason, bye.reason, "how the message was kept: " + bye);
        return ms;
    }

    /** Logs in, expects message waiting with {@code total} messages (as the owner's relay learns of them). */
    private static void awaitWaiting(NetPhone owner, int total) throws Exception {
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (System.nanoTime() < deadline) {
            Frame f = owner.poll(1000);
            if (f instanceof VmWaiting w && w.total == total) {
                return;
            }
        }
        fail(owner + ": no VM_WAITING with " + total + " messages");
    }

    /** Lists the owner's one message, fetches its audio chunk by chunk and checks the tone; returns its id. */
    private static long listAndHear(NetPhone owner, String caller) throws Exception {
        owner.send(new VmList(owner.number, 0));
        VmListing l = assertInstanceOf(VmListing.class, skipWaiting(owner));
        assertEquals(1, l.count(), l.toString());
        assertEquals(caller, l.caller(0));
        assertEquals(MESSAGE_SECONDS, l.duration(0));
        long id = l.id(0);
        ByteArrayOutputStream audio = new ByteArrayOutputStream();
        int chunks = -1;
        int c = 0;
        while (c != chunks) {
            if (c % VmFetch.MAX_WINDOW == 0) {
                owner.send(new VmFetch(id, c, VmFetch.MAX_WINDOW));
            }
            VmAudio a = assertInstanceOf(VmAudio.class, skipWaiting(owner), "chunk " + c);
            assertEquals(c, a.chunk);
            chunks = a.chunks;
            audio.write(a.audio(), 0, a.audioLength());
            c++;
        }
        byte[] all = audio.toByteArray();
        int packet = Tone.FRAMES * 33;
        assertEquals(MESSAGE_SECONDS * 10 * packet, all.length);
        byte[][] payloads = new byte[all.length / packet][packet];
        for (int i = 0; i < payloads.length; i++) {
            System.arraycopy(all, i * packet, payloads[i], 0, packet);
        }
        double[] m = Tone.measure(payloads);
        assertTrue(Math.abs(m[0] - TONE_HZ) < TONE_HZ * 0.05, "heard " + m[0] + " Hz, left " + TONE_HZ);
        assertTrue(m[1] > 2000, "tone too quiet after decoding, RMS " + m[1]);
        return id;
    }

    /** The next frame that is not a VM_WAITING (which comes whenever the counts change), or null after 10 s. */
    private static Frame skipWaiting(NetPhone phone) throws Exception {
        Frame f;
        do {
            f = phone.poll(NetPhone.WAIT_SECONDS * 1000);
        } while (f instanceof VmWaiting);
        return f;
    }

    /** The replication line the recording relay logged for the message: {address, ms, bytes}. */
    private static String[] copyLogged(RelayProcess recorder) throws Exception {
        Matcher m = COPY_LOG.matcher(awaitLog(recorder, ": copy on relay "));
        assertTrue(m.find());
        return new String[] {m.group(2), m.group(3), m.group(4)};
    }

    // ---- tests --------------------------------------------------------------------------------------------------

    @Test
    @Order(1)
    void messageSurvivesTheRecordingRelay() throws Exception {
        RelayProcess r1 = relays.get(1);
        NetPhone owner = claimed("O", relays.get(2), "27100001");
        owner.close(); // claimed, attached nowhere: calls to it go to voicemail
        NetPhone caller = claimed("A", r1, "27100002");
        caller.attach(r1.port);

        long byeMs = leaveMessage(caller, owner.number, 0x5001);
        String[] copy = copyLogged(r1);
        List<RelayProcess> holders = holders(owner.number);
        assertEquals(2, holders.size(), "copies on " + holders);
        assertTrue(holders.contains(r1), "recording relay keeps a copy");
        RelayProcess replica = byPort(copy[0]);
        assertTrue(holders.contains(replica), "replica logged at " + copy[0]);
        long recorded = Files.size(files(r1, owner.number).get(0));
        long replicated = Files.size(files(replica, owner.number).get(0));
        assertEquals(recorded, replicated);
        System.out.printf("NETWORK voicemail: %d s GSM message, %d bytes on each of 2 copies (%d bytes a minute); "
                + "replicated over loopback in %s ms; BYE NORMAL %d ms after the caller's last packet%n",
                MESSAGE_SECONDS, recorded, recorded * 60 / MESSAGE_SECONDS, copy[1], byeMs);

        r1.kill();
        RelayProcess home = null;
        for (RelayProcess r : relays) {
            if (r != r1 && r != replica) {
                home = r;
            }
        }
        owner.attach(home.port);
        awaitWaiting(owner, 1);
        long id = listAndHear(owner, caller.number);
        assertEquals(1, files(home, owner.number).size(), "the owner's relay pulled a copy to serve");

        owner.send(new VmDelete(id));
        Result r = null;
        boolean none = false;
        while (r == null || !none) {
            Frame f = owner.poll(NetPhone.WAIT_SECONDS * 1000);
            assertNotNull(f, "after VM_DELETE: RESULT " + r + ", VM_WAITING with no messages " + none);
            if (f instanceof Result) {
                r = (Result) f;
            } else if (f instanceof VmWaiting w) {
                none = w.total == 0;
            }
        }
        assertEquals(Wire.RESULT_OK, r.outcome, r.toString());
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!files(replica, owner.number).isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertEquals(List.of(), files(replica, owner.number), "delete reached the surviving holder");
        assertEquals(List.of(), files(home, owner.number), "deleted on the owner's relay");

        // The recording relay comes back with its copy: the tombstones of the others delete it at the next login.
        assertEquals(1, files(r1, owner.number).size());
        RelayProcess back = RelayProcess.start("r1", 11, dir.resolve("r1"), client);
        relays.set(1, back);
        back.awaitReady();
        awaitStatus(home, "DHT: own writes readable, 4 relays, ");
        owner.attach(home.port);
        deadline = System.nanoTime() + 20_000_000_000L;
        while (!files(back, owner.number).isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertEquals(List.of(), files(back, owner.number), "the copy of the relay that was down at the delete");
        owner.send(new VmList(owner.number, 0));
        assertEquals(0, assertInstanceOf(VmListing.class, skipWaiting(owner)).total);
    }

    @Test
    @Order(2)
    void calleesRelayDeadCallersRelayTakesTheMessage() throws Exception {
        RelayProcess calleeRelay = relays.get(3);
        RelayProcess callerRelay = relays.get(0);
        NetPhone callee = claimed("B", calleeRelay, "27100003");
        callee.attach(calleeRelay.port);
        NetPhone caller = claimed("C", callerRelay, "27100004");
        caller.attach(callerRelay.port);
        awaitPresence(calleeRelay, callee.number);

        calleeRelay.kill();
        leaveMessage(caller, callee.number, 0x5002);
        awaitLog(callerRelay, "relay of " + callee.number + " at 127.0.0.1:" + calleeRelay.port + " unreachable");
        copyLogged(callerRelay);
        List<RelayProcess> holders = holders(callee.number);
        assertEquals(2, holders.size(), "copies on " + holders);
        assertTrue(holders.contains(callerRelay));

        RelayProcess home = relays.get(2);
        callee.attach(home.port);
        awaitWaiting(callee, 1);
        listAndHear(callee, caller.number);
    }

    @Test
    @Order(3)
    void messageKeptAloneGetsItsSecondCopyWhenARelayReturns() throws Exception {
        // r3 is down since the last test; with r1 and r2 down too, r0 has nobody to copy a new message to.
        RelayProcess recorder = relays.get(0);
        relays.get(1).kill();
        relays.get(2).kill();
        NetPhone owner = claimed("E", recorder, "27100006");
        owner.close();
        NetPhone caller = claimed("D", recorder, "27100005");
        caller.attach(recorder.port);
        leaveMessage(caller, owner.number, 0x5003, Wire.BYE_PEER_LOST);
        awaitLog(recorder, "no second relay took a copy");
        assertEquals(1, files(recorder, owner.number).size());
        assertEquals(1, markers(recorder, owner.number).size(), "the message is marked as kept on one relay");

        // r2 comes back: the recorder's next round (30 s after the failure) copies the message there.
        long failed = System.nanoTime();
        RelayProcess back = RelayProcess.start("r2", 12, dir.resolve("r2"), client);
        relays.set(2, back);
        back.awaitReady();
        long deadline = System.nanoTime() + 150_000_000_000L; // the first round, or the second 60 s later
        while (markers(recorder, owner.number).size() == 1 || files(back, owner.number).isEmpty()) {
            assertTrue(System.nanoTime() < deadline, "no later copy:\n" + recorder.log());
            Thread.sleep(200);
        }
        long after = (System.nanoTime() - failed) / 1_000_000_000L;
        assertTrue(after >= 29, "copied " + after + " s after the failure, before the first round was due");
        awaitLog(recorder, "of " + owner.number + ": on two relays now, in round ");
        Path original = files(recorder, owner.number).get(0);
        Path copy = files(back, owner.number).get(0);
        assertEquals(original.getFileName(), copy.getFileName());
        assertTrue(Arrays.equals(Files.readAllBytes(original), Files.readAllBytes(copy)), "the copy is byte-identical");
        System.out.printf("NETWORK voicemail: a message kept on one relay reached a returning relay %d s after the "
                + "failed copy%n", after);

        // The owner, logging in on the relay that came back, hears it.
        owner.attach(back.port);
        awaitWaiting(owner, 1);
        listAndHear(owner, caller.number);
    }
}
