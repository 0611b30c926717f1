package org.pippin.relay;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.pippin.relay.VoicemailTest.CALLER;
import static org.pippin.relay.VoicemailTest.OWNER;
import static org.pippin.relay.VoicemailTest.SECRET_OWNER;
import static org.pippin.relay.VoicemailTest.TONE_HZ;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.zip.CRC32;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pippin.protocol.Bye;
import org.pippin.protocol.Frame;
import org.pippin.protocol.Result;
import org.pippin.protocol.VmDelete;
import org.pippin.protocol.Wire;
import org.pippin.relay.voicemail.MessageInfo;

/**
 * Messages left with one copy get their second later: two relays in this JVM share a directory (a fake dhtnode
 * proxy), each with its fake clock. Relay A records while relay B, the only other relay, is down: the caller hears
 * BYE PEER_LOST and the message is marked on disk as lacking its copy; once B is back and A's clock passes the first
 * wait, A sends the copy over a relay link, B keeps it byte for byte and A's marker goes. The marker survives a
 * restart of A; a message its owner deleted meanwhile is not copied.
 */
class VoicemailLaterCopyTest {

    @TempDir
    Path dir;
    private FakeDhtProxy dht;
    private int portA;
    private int portB;
    private RelayFixture a;
    private RelayFixture b;

    @BeforeEach
    void start() throws Exception {
        dht = new FakeDhtProxy();
        for (int attempt = 1; ; attempt++) {
            portA = NumbersTest.freePort();
            portB = NumbersTest.freePort();
            try {
                b = relay("b", portB);
                a = relay("a", portA);
                break;
            } catch (java.io.IOException e) {
                // A port found free can be taken before the relay binds it (another test's outgoing connection).
                if (b != null) {
                    b.close();
                    b = null;
                }
                if (attempt == 5) {
                    throw e;
                }
            }
        }
        meet(a);
    }

    @AfterEach
    void stop() {
        for (AutoCloseable c : new AutoCloseable[] {a, b, dht}) {
            if (c != null) {
                try {
                    c.close();
                } catch (Exception e) {
                    throw new AssertionError(e);
                }
            }
        }
    }

    private RelayFixture relay(String name, int port) throws Exception {
        return new RelayFixture(dir.resolve(name), "listen.port=" + port, "dht.enabled=true", "dht.node.start=false",
                "dht.proxy.port=" + dht.port(), "dht.public.address=127.0.0.1:" + port, "voicemail.enabled=true",
                "voicemail.max.seconds=5");
    }

    /** Until {@code r}'s directory holds both relays: a round when the first ones ran before the other wrote. */
    private static void meet(RelayFixture r) throws Exception {
        for (int round = 0; round < 5; round++) {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
            while (System.nanoTime() < deadline) {
                if (r.server.snapshot().get().relays().size() == 2) {
                    return;
                }
                Thread.sleep(10);
            }
            r.advance(30); // dht.directory.seconds: the next round
        }
        throw new AssertionError("the relays never met in the directory");
    }

    private Path message(String relay, long id, String suffix) {
        return dir.resolve(relay).resolve("voicemail").resolve(OWNER).resolve(Wire.messageIdHex(id) + suffix);
    }

    /** The caller leaves a 5 s message on A, which ends the call once the message is kept; returns its id. */
    private long leaveMessage(int callId) throws Exception {
        Set<Long> before = new HashSet<>();
        a.server.voicemail().list(OWNER).forEach(m -> before.add(m.id()));
        try (TestPhone caller = TestPhone.udp(a.port)) {
            caller.register(CALLER, CallTest.SECRET_A);
            VoicemailTest.leaveMessage(a, caller, callId, Wire.REJECT_UNAVAILABLE,
                    VoicemailAudio.gsmTone(70, TONE_HZ, 8000));
            assertEquals(Wire.BYE_PEER_LOST, caller.expect(Bye.class).reason, "no second relay took a copy");
        }
        List<MessageInfo> all = a.server.voicemail().list(OWNER);
        assertEquals(before.size() + 1, all.size());
        long id = all.stream().mapToLong(MessageInfo::id).filter(i -> !before.contains(i)).findFirst().orElseThrow();
        assertTrue(Files.exists(message("a", id, ".vm")));
        assertTrue(Files.exists(message("a", id, ".one")), "marked as lacking its second copy");
        return id;
    }

    /**
     * In a network, a number bound to a device secret whose phone has left this relay (its newest presence names this
     * relay, or it has none) gets voicemail as on a lone relay; B, up, takes the second copy.
     */
    @Test
    void aDeviceNumberWhosePhoneLeftThisRelayGetsVoicemail() throws Exception {
        try (TestPhone owner = TestPhone.tcp(a.port)) {
            owner.register(OWNER, SECRET_OWNER);
        }
        RelayFixture.awaitValue(0, () -> RegistrationTest.attached(a));
        try (TestPhone caller = TestPhone.udp(a.port)) {
            caller.register(CALLER, CallTest.SECRET_A);
            VoicemailTest.leaveMessage(a, caller, 41, Wire.REJECT_UNAVAILABLE,
                    VoicemailAudio.gsmTone(70, TONE_HZ, 8000));
            assertEquals(Wire.BYE_NORMAL, caller.expect(Bye.class).reason, "kept, with its second copy on B");
        }
        assertEquals(1, a.server.voicemail().list(OWNER).size());
    }

    /**
     * The owner's phone is on B (its presence in the directory names B) when B goes down: a call to it from A finds
     * B unreachable and A's voicemail takes the message, with no other relay for its second copy.
     */
    private void ownerOnBThenBDown() throws Exception {
        try (TestPhone owner = TestPhone.tcp(b.port)) {
            owner.register(OWNER, SECRET_OWNER);
            await("the owner's presence on B written", () -> dht.holds("pippin/7070/presence/" + OWNER));
            b.close();
        }
    }

    /** Waits for what another relay's thread makes true; no timer is involved (the clocks are fake). */
    private static void await(String what, BooleanSupplier done) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TestPhone.WAIT_SECONDS);
        while (!done.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, "not within " + TestPhone.WAIT_SECONDS + " s: " + what);
            Thread.sleep(5);
        }
    }

    private void assertSameFile(long id) throws Exception {
        await("the copy on relay B", () -> Files.exists(message("b", id, ".vm")));
        byte[] here = Files.readAllBytes(message("a", id, ".vm"));
        byte[] there = Files.readAllBytes(message("b", id, ".vm"));
        assertEquals(crc(here), crc(there));
        assertArrayEquals(here, there);
        await("the marker gone on relay A", () -> !Files.exists(message("a", id, ".one")));
        assertFalse(Files.exists(message("b", id, ".one")), "a copy is not marked where it is kept");
    }

    private static long crc(byte[] b) {
        CRC32 c = new CRC32();
        c.update(b);
        return c.getValue();
    }

    @Test
    void aMessageLeftWithOneCopyIsCopiedOnceTheOtherRelayIsBackButNotOnceDeleted() throws Exception {
        ownerOnBThenBDown();
        long deleted = leaveMessage(0x51);
        long kept = leaveMessage(0x52); // its round is due last: the fake clock moved while the second was left

        try (TestPhone owner = TestPhone.tcp(a.port)) {
            owner.register(OWNER, SECRET_OWNER);
            owner.send(new VmDelete(deleted));
            Frame f;
            do {
                f = owner.expect(Frame.class); // VM_WAITING frames come too
            } while (!(f instanceof Result));
            assertEquals(Wire.RESULT_OK, ((Result) f).outcome, f.toString());
        }
        assertFalse(Files.exists(message("a", deleted, ".one")), "a deleted message's marker goes with it");

        b = relay("b", portB);
        a.advance(VoicemailPeers.RETRY_FIRST_MILLIS / 1000 - 1);
        assertEquals(0, a.counter(Counters.Name.VOICEMAIL_COPY_ROUNDS), "not due yet");
        a.advance(1);
        assertSameFile(kept);
        assertFalse(Files.exists(message("b", deleted, ".vm")), "a deleted message is not copied");
        assertEquals(1, a.counter(Counters.Name.VOICEMAIL_COPY_ROUNDS), "one round, for the message still kept");
        RelayFixture.awaitValue(1, () -> a.counter(Counters.Name.VOICEMAIL_COPIES_LATER));
        assertEquals(0, a.counter(Counters.Name.VOICEMAIL_COPY_ROUNDS_FAILED));
    }

    @Test
    void theMarkerSurvivesARestartOfTheRecordingRelay() throws Exception {
        ownerOnBThenBDown();
        long id = leaveMessage(0x53);
        a.close();
        a = relay("a", portA);
        assertTrue(Files.exists(message("a", id, ".one")), "still marked after the restart");
        // B's entry from before it went down is still in the directory: A's first round finds it, no clock moved.
        await("relay B in A's directory", () -> {
            try {
                return a.server.snapshot().get().relays().size() == 2;
            } catch (InterruptedException | ExecutionException e) {
                throw new AssertionError(e);
            }
        });

        // After a start the marked messages wait the first wait (the directory is read by then); B is still down.
        long first = VoicemailPeers.RETRY_FIRST_MILLIS / 1000;
        a.advance(first - 1);
        assertEquals(0, a.counter(Counters.Name.VOICEMAIL_COPY_ROUNDS));
        a.advance(1);
        assertEquals(1, a.counter(Counters.Name.VOICEMAIL_COPY_ROUNDS));
        RelayFixture.awaitValue(1, () -> a.counter(Counters.Name.VOICEMAIL_COPY_ROUNDS_FAILED));
        assertTrue(Files.exists(message("a", id, ".one")));

        // B is back; the next round comes after twice the first wait.
        b = relay("b", portB);
        a.advance(2 * first - 1);
        assertEquals(1, a.counter(Counters.Name.VOICEMAIL_COPY_ROUNDS), "the wait doubled");
        a.advance(1);
        assertEquals(2, a.counter(Counters.Name.VOICEMAIL_COPY_ROUNDS));
        assertSameFile(id);
        RelayFixture.awaitValue(1, () -> a.counter(Counters.Name.VOICEMAIL_COPIES_LATER));
    }
}
