package org.pippin.relay;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pippin.identity.Claim;
import org.pippin.identity.RegistrarRecord;
import org.pippin.protocol.Challenge;
import org.pippin.protocol.ErrorFrame;
import org.pippin.protocol.FrameCodec;
import org.pippin.protocol.Hello;
import org.pippin.protocol.Invite;
import org.pippin.protocol.Login;
import org.pippin.protocol.Register;
import org.pippin.protocol.Registered;
import org.pippin.protocol.Reject;
import org.pippin.protocol.Result;
import org.pippin.protocol.Wire;

/**
 * Numbers owned by keys, end to end through real sockets: a relay with its embedded single-member registrar, phones
 * that claim, log in, release and block with Ed25519 keys and real proof of work, and phones on the secret path
 * calling them. One relay for the class (a registrar elects itself once); each test uses numbers of its own.
 */
class NumbersTest {

    static final int DIFFICULTY = 10;

    @TempDir
    static Path dir;
    static RelayFixture relay;
    static int registrarPort;

    @BeforeAll
    static void start() throws Exception {
        registrarPort = freePort();
        // Every claim here comes from 127.0.0.1: the per-address claim limit is ClaimLimitsTest's subject.
        relay = new RelayFixture(dir, "registrar.enabled=true", "registrar.members=r1@127.0.0.1:" + registrarPort,
                "registrar.pow.difficulty=" + DIFFICULTY, "claims.address.max=1000");
        awaitLeader(relay.server);
    }

    @AfterAll
    static void stop() {
        relay.close();
    }

    static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /** A single member elects itself within its election timeout (1-2 s); polls the relay's own account of it. */
    static void awaitLeader(RelayServer server) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!server.registrarHealth().equals("leader, 1 member")) {
            assertTrue(System.nanoTime() < deadline, "no leader: " + server.registrarHealth());
            Thread.sleep(20);
        }
    }

    private static KeyPhone keyPhone() throws Exception {
        return new KeyPhone(TestPhone.udp(relay.port));
    }

    @Test
    void challengeNamesTheNetworksDifficultyAndRegistrarKey() throws Exception {
        try (KeyPhone a = keyPhone()) {
            Challenge c = a.hello();
            assertEquals(DIFFICULTY, c.difficulty);
            assertEquals(1, c.keyCount());
            Challenge again = a.hello();
            assertTrue(!java.util.Arrays.equals(c.challenge(), again.challenge()), "a new challenge per HELLO");
        }
    }

    @Test
    void claimASpecificNumberThenTakenThenARandomOne() throws Exception {
        try (KeyPhone a = keyPhone(); KeyPhone b = keyPhone()) {
            Challenge c = a.hello();
            Result granted = a.claim("21000001", DIFFICULTY);
            assertEquals(Wire.RESULT_GRANTED, granted.outcome, granted.toString());
            byte[] rb = granted.record();
            RegistrarRecord record = RegistrarRecord.decode(rb, 0, rb.length);
            assertEquals("21000001", record.number);
            assertTrue(record.verify(c.registrarKey(0)), "signed by the key CHALLENGE names");
            assertTrue(record.isOwnedBy(a.key.publicKey(), KeyPhone.now()));

            Result taken = b.claim("21000001", DIFFICULTY);
            assertEquals(Wire.RESULT_TAKEN, taken.outcome, taken.toString());
            assertEquals(0, taken.record().length);

            Result random = b.claimRandom("3", DIFFICULTY);
            assertEquals(Wire.RESULT_GRANTED, random.outcome, random.toString());
            byte[] r2 = random.record();
            String number = RegistrarRecord.decode(r2, 0, r2.length).number;
            assertTrue(number.startsWith("3") && number.length() == 8, number);
        }
    }

    @Test
    void loginWithTheOwnersKeyOnlyAndEachProofOnce() throws Exception {
        try (KeyPhone a = keyPhone(); KeyPhone b = keyPhone(); TestPhone caller = TestPhone.udp(relay.port)) {
            assertEquals(Wire.RESULT_GRANTED, a.claim("22000001", DIFFICULTY).outcome);
            assertEquals(Wire.RESULT_GRANTED, b.claim("22000002", DIFFICULTY).outcome);

            ErrorFrame wrongKey = assertInstanceOf(ErrorFrame.class, b.login("22000001"));
            assertEquals(Wire.ERR_AUTH_FAILED, wrongKey.code);
            assertEquals("proof not signed by the number's owner", wrongKey.detail);

            a.hello();
            Login proof = a.loginFrame("22000001");
            a.phone.send(proof);
            assertEquals("22000001", a.phone.expect(Registered.class).number);
            // The same proof again (a new message, as a replaying attacker would send it): its challenge is used.
            a.phone.send(new Login(proof.proof(), proof.codecMask));
            ErrorFrame replay = a.phone.expect(ErrorFrame.class);
            assertEquals(Wire.ERR_AUTH_FAILED, replay.code);
            assertEquals("no challenge: send HELLO first", replay.detail);
            // ... and after a new HELLO it answers the wrong challenge.
            a.hello();
            a.phone.send(new Login(proof.proof(), proof.codecMask));
            assertEquals("proof answers another challenge", a.phone.expect(ErrorFrame.class).detail);

            // The login attached the number: a phone on the secret path calls it.
            caller.register("55522001", CallTest.SECRET_A);
            CallTest.connect(caller, a.phone, 0x2201, "22000001", "55522001");
        }
    }

    @Test
    void loginOfAFreeNumberFails() throws Exception {
        try (KeyPhone a = keyPhone()) {
            ErrorFrame e = assertInstanceOf(ErrorFrame.class, a.login("22900009"));
            assertEquals(Wire.ERR_AUTH_FAILED, e.code);
            assertEquals("number 22900009 has no owner", e.detail);
        }
    }

    @Test
    void malformedLoginProofIsNamed() throws Exception {
        try (KeyPhone a = new KeyPhone(TestPhone.tcp(relay.port))) {
            a.hello();
            a.phone.send(new Login(new byte[] {4, 1, 8}, TestPhone.GSM));
            ErrorFrame e = a.phone.expect(ErrorFrame.class);
            assertEquals(Wire.ERR_MALFORMED, e.code);
            assertEquals("LOGIN_PROOF truncated at number", e.detail);
        }
    }

    @Test
    void onePhoneHoldsSeveralNumbers() throws Exception {
        try (KeyPhone a = keyPhone(); TestPhone caller = TestPhone.tcp(relay.port)) {
            assertEquals(Wire.RESULT_GRANTED, a.claim("23000001", DIFFICULTY).outcome);
            assertEquals(Wire.RESULT_GRANTED, a.claim("23000002", DIFFICULTY).outcome);
            assertEquals("23000001", assertInstanceOf(Registered.class, a.login("23000001")).number);
            assertEquals("23000002", assertInstanceOf(Registered.class, a.login("23000002")).number);
            caller.register("55523001", CallTest.SECRET_B);
            caller.send(new Invite(0x2301, "", "23000002", TestPhone.GSM, 100, 0));
            Invite in = a.phone.expect(Invite.class);
            assertEquals("23000002", in.callee);
            a.phone.send(new Reject(0x2301, Wire.REJECT_DECLINED));
            assertEquals(Wire.REJECT_DECLINED, caller.expect(Reject.class).reason);
            CallTest.connect(caller, a.phone, 0x2302, "23000001", "55523001");
        }
    }

    @Test
    void releaseQuarantinesTheNumber() throws Exception {
        try (KeyPhone a = keyPhone(); KeyPhone b = keyPhone(); TestPhone caller = TestPhone.udp(relay.port)) {
            caller.register("55524001", CallTest.SECRET_C);
            assertEquals(Wire.RESULT_GRANTED, a.claim("24000001", DIFFICULTY).outcome);
            // Owned but not logged in anywhere: the phone is just not here.
            caller.send(new Invite(0x2400, "", "24000001", TestPhone.GSM, 100, 0));
            assertEquals(Wire.REJECT_UNAVAILABLE, caller.expect(Reject.class).reason);
            assertInstanceOf(Registered.class, a.login("24000001"));

            Result released = a.release("24000001");
            assertEquals(Wire.RESULT_OK, released.outcome, released.toString());
            byte[] q = released.record();
            assertEquals(RegistrarRecord.QUARANTINE, RegistrarRecord.decode(q, 0, q.length).state);

            caller.send(new Invite(0x2401, "", "24000001", TestPhone.GSM, 100, 0));
            assertEquals(Wire.REJECT_NOT_IN_SERVICE, caller.expect(Reject.class).reason);
            assertEquals(Wire.RESULT_QUARANTINED, b.claim("24000001", DIFFICULTY).outcome);
            ErrorFrame e = assertInstanceOf(ErrorFrame.class, a.login("24000001"));
            assertEquals(Wire.ERR_NOT_IN_SERVICE, e.code);
            assertNull(a.phone.frames.poll(100, TimeUnit.MILLISECONDS));
        }
    }

    @Test
    void blockListIsEnforcedBeforeThePhoneRings() throws Exception {
        try (KeyPhone a = keyPhone(); TestPhone blocked = TestPhone.udp(relay.port);
                TestPhone prefixed = TestPhone.udp(relay.port); TestPhone friend = TestPhone.udp(relay.port)) {
            blocked.register("55525001", CallTest.SECRET_A);
            prefixed.register("66625001", CallTest.SECRET_B);
            friend.register("77725001", CallTest.SECRET_C);
            assertEquals(Wire.RESULT_GRANTED, a.claim("25000001", DIFFICULTY).outcome);
            assertInstanceOf(Registered.class, a.login("25000001"));
            Result set = a.blockList("25000001", 1, true, new String[] {"55525001"}, new String[] {"666"});
            assertEquals(Wire.RESULT_OK, set.outcome, set.toString());

            blocked.send(new Invite(0x2501, "", "25000001", TestPhone.GSM, 100, 0));
            assertEquals(Wire.REJECT_DECLINED, blocked.expect(Reject.class).reason);
            prefixed.send(new Invite(0x2502, "", "25000001", TestPhone.GSM, 100, 0));
            assertEquals(Wire.REJECT_DECLINED, prefixed.expect(Reject.class).reason);
            CallTest.connect(friend, a.phone, 0x2503, "25000001", "77725001");
            // The only frames the callee got are the friend's call: the blocked callers never reached it.
            assertNull(a.phone.frames.poll(100, TimeUnit.MILLISECONDS));

            // Logging in again fetches the stored list from the registrar.
            a.phone.close();
            try (KeyPhone again = new KeyPhone(TestPhone.tcp(relay.port), a.key)) {
                assertInstanceOf(Registered.class, again.login("25000001"));
                blocked.send(new Invite(0x2504, "", "25000001", TestPhone.GSM, 100, 0));
                assertEquals(Wire.REJECT_DECLINED, blocked.expect(Reject.class).reason);
                assertNull(again.phone.frames.poll(100, TimeUnit.MILLISECONDS));
            }
        }
    }

    @Test
    void badClaimsGetTheExactErrorAndStoreNothing() throws Exception {
        try (KeyPhone a = keyPhone(); KeyPhone b = keyPhone()) {
            Result malformed = a.request(Wire.CLAIM, new byte[] {1, 1, 0});
            assertEquals(Wire.RESULT_MALFORMED, malformed.outcome);
            assertEquals("CLAIM truncated at number", malformed.detail);

            Result oversized = a.request(Wire.CLAIM, new byte[200]);
            assertEquals(Wire.RESULT_TOO_LARGE, oversized.outcome);
            assertEquals("CLAIM record of 200 bytes, at most 123", oversized.detail);

            byte[] forged = a.claimRecord(Claim.SPECIFIC, "26000001", DIFFICULTY);
            forged[forged.length - 1] ^= 1;
            assertEquals(Wire.RESULT_BAD_SIGNATURE, a.request(Wire.CLAIM, forged).outcome);

            Result lazy = a.claim("26000001", DIFFICULTY - 1);
            assertEquals(Wire.RESULT_TOO_LITTLE_WORK, lazy.outcome, lazy.toString());

            // None of them stored anything: another key gets the number.
            assertEquals(Wire.RESULT_GRANTED, b.claim("26000001", DIFFICULTY).outcome);
        }
    }

    @Test
    void shortHelloIsRefusedWithoutAmplification() throws Exception {
        try (TestPhone p = TestPhone.udp(relay.port)) {
            p.send(new Hello(new byte[16], 0));
            ErrorFrame e = p.expect(ErrorFrame.class);
            assertEquals(Wire.ERR_MALFORMED, e.code);
            assertEquals("", e.detail, "no session: no detail text, so no more bytes than came in");
            assertTrue(FrameCodec.encode(e).length <= 20);
        }
    }

    /** A relay that is no member: it forwards to the group and trusts the key it was given, nothing else. */
    @Test
    void aRelayThatIsNoMemberForwardsAndCaches(@TempDir Path other) throws Exception {
        byte[] key;
        try (KeyPhone probe = keyPhone()) {
            key = probe.hello().registrarKey(0);
        }
        StringBuilder hex = new StringBuilder();
        for (byte b : key) {
            hex.append(String.format("%02x", b));
        }
        try (RelayFixture client = new RelayFixture(other, "registrar.enabled=true", "registrar.self=",
                "registrar.members=r1@127.0.0.1:" + registrarPort, "registrar.trusted.keys=" + hex,
                "registrar.pow.difficulty=" + DIFFICULTY);
                KeyPhone a = new KeyPhone(TestPhone.udp(client.port));
                TestPhone caller = TestPhone.udp(relay.port)) {
            assertEquals("client, 1 member", client.server.registrarHealth());
            Challenge c = a.hello();
            assertEquals(1, c.keyCount());
            assertArrayEquals(key, c.registrarKey(0));
            Result granted = a.claim("28000001", DIFFICULTY);
            assertEquals(Wire.RESULT_GRANTED, granted.outcome, granted.toString());
            assertEquals("28000001", assertInstanceOf(Registered.class, a.login("28000001")).number);
            // The member relay knows the number is owned, though its phone is on the other relay.
            caller.register("55528001", CallTest.SECRET_A);
            caller.send(new Invite(0x2801, "", "28000001", TestPhone.GSM, 100, 0));
            assertEquals(Wire.REJECT_UNAVAILABLE, caller.expect(Reject.class).reason);
        }
    }

    @Test
    void statusAndMetricsShowTheRegistrar() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        String base = "http://127.0.0.1:" + relay.server.httpPort();
        String status = http.send(HttpRequest.newBuilder(URI.create(base + "/status")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        assertTrue(status.contains("Registrar: leader, 1 member"), status);
        String metrics = http.send(HttpRequest.newBuilder(URI.create(base + "/metrics")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        assertTrue(metrics.contains("pippin_component_up{component=\"registrar\"} 1"), metrics);
    }

    @Test
    void aDeviceSecretNeverTakesANumberAKeyHolds() throws Exception {
        try (KeyPhone owner = keyPhone(); TestPhone secretPhone = TestPhone.udp(relay.port)) {
            assertEquals(Wire.RESULT_GRANTED, owner.claim("27000001", DIFFICULTY).outcome);
            secretPhone.send(new Register("27000001", CallTest.SECRET_A, TestPhone.GSM));
            ErrorFrame owned = secretPhone.expect(ErrorFrame.class);
            assertEquals(Wire.ERR_AUTH_FAILED, owned.code);

            // Released: in quarantine the number is still the registrar's, not the first secret to come along.
            assertEquals(Wire.RESULT_OK, owner.release("27000001").outcome);
            secretPhone.send(new Register("27000001", CallTest.SECRET_A, TestPhone.GSM));
            assertEquals(Wire.ERR_AUTH_FAILED, secretPhone.expect(ErrorFrame.class).code);

            // A number no key holds still works with a secret.
            assertEquals("27000002", secretPhone.register("27000002", CallTest.SECRET_A).number);
        }
    }
}
