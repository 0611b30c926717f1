package org.pippin.relay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pippin.protocol.Registered;
import org.pippin.protocol.Result;
import org.pippin.protocol.SipPassword;
import org.pippin.protocol.Wire;
import org.pippin.sip.SipPasswords;

/**
 * SIP_PASSWORD end to end: an owner logged in with its key asks the relay's realm, sets the HA1 of a fresh password,
 * and a real baresip registers with that password; a wrong password, another realm's hash, someone else's number and
 * a cleared password all fail.
 */
class SipPasswordTest {

    static final int DIFFICULTY = 10;
    static final String OWNER = "56100001";
    static final String PASSWORD = "Xq7-fresh-from-the-phone";

    @TempDir
    Path dir;
    RelayFixture relay;

    @BeforeEach
    void start() throws Exception {
        int registrarPort = NumbersTest.freePort();
        relay = new RelayFixture(dir.resolve("data"), "registrar.enabled=true",
                "registrar.members=r1@127.0.0.1:" + registrarPort, "registrar.pow.difficulty=" + DIFFICULTY,
                "claims.address.max=1000", "sip.enabled=true", "sip.port=0", "sip.rtp.ports=0-0", "sip.realm=pippin-test");
        NumbersTest.awaitLeader(relay.server);
    }

    @AfterEach
    void stop() {
        relay.close();
    }

    private KeyPhone owner(String number) throws Exception {
        KeyPhone p = new KeyPhone(TestPhone.udp(relay.port));
        assertEquals(Wire.RESULT_GRANTED, p.claim(number, DIFFICULTY).outcome);
        assertInstanceOf(Registered.class, p.login(number));
        return p;
    }

    private static Result send(KeyPhone p, SipPassword f) throws Exception {
        p.phone.send(f);
        Result r = p.phone.expect(Result.class);
        assertEquals(Wire.SIP_PASSWORD, r.request);
        return r;
    }

    private int register(String password) throws Exception {
        try (SipProbe probe = new SipProbe(relay.server.sipPort())) {
            String challenge = SipProbe.header(probe.register(OWNER, null), "WWW-Authenticate");
            assertEquals("pippin-test", SipProbe.param(challenge, "realm"));
            return SipProbe.status(probe.register(OWNER,
                    SipProbe.answer(challenge, OWNER, password, "REGISTER", probe.registrarUri())));
        }
    }

    @Test
    void ownerSetsThePasswordAndASoftphoneRegistersWithIt() throws Exception {
        try (KeyPhone owner = owner(OWNER)) {
            Result realm = send(owner, new SipPassword(OWNER, SipPassword.ASK));
            assertEquals(Wire.RESULT_SIP_REALM, realm.outcome);
            assertEquals("pippin-test", realm.detail);

            // A hash for another realm is refused: it could never answer this relay's challenges.
            Result other = send(owner, new SipPassword(OWNER, SipPassword.SET, "elsewhere",
                    SipPasswords.ha1(OWNER, "elsewhere", PASSWORD)));
            assertEquals(Wire.RESULT_SIP_REALM, other.outcome);
            assertEquals(403, register(PASSWORD));

            Result set = send(owner, new SipPassword(OWNER, SipPassword.SET, realm.detail,
                    SipPasswords.ha1(OWNER, realm.detail, PASSWORD)));
            assertEquals(Wire.RESULT_OK, set.outcome, set.detail);
            String file = Files.readString(dir.resolve("data").resolve(SipPasswords.FILE));
            assertTrue(file.contains(OWNER + " pippin-test "), file);
            assertTrue(!file.contains(PASSWORD), "only the hash is stored");

            Path tone = dir.resolve("tone.wav");
            SipPhoneTest.writeTone(tone, 600, 2);
            long before = relay.counter(Counters.Name.REGISTRATIONS);
            Baresip sip = new Baresip(dir.resolve("baresip"), relay.server.sipPort(), OWNER, PASSWORD, tone);
            try {
                // Its REGISTER_OK may come before the control connection listens: the relay's count tells.
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(Baresip.WAIT_SECONDS);
                while (relay.counter(Counters.Name.REGISTRATIONS) == before) {
                    assertTrue(System.nanoTime() < deadline, "baresip did not register with the password set");
                    Thread.sleep(20);
                }
            } finally {
                sip.close();
            }
            assertEquals(403, register("wrong-password"));
            assertEquals(200, register(PASSWORD));

            // The softphone took the number over (one place per number): the owner's phone logs in again.
            assertInstanceOf(Registered.class, owner.login(OWNER));
            Result cleared = send(owner, new SipPassword(OWNER, SipPassword.CLEAR));
            assertEquals(Wire.RESULT_OK, cleared.outcome);
            assertEquals(403, register(PASSWORD));
        }
    }

    @Test
    void onlyTheOwnersSessionSetsIt() throws Exception {
        try (KeyPhone owner = owner(OWNER); KeyPhone other = owner("56100002")) {
            assertEquals(Wire.RESULT_SIP_REALM, send(owner, new SipPassword(OWNER, SipPassword.ASK)).outcome);
            Result r = send(other, new SipPassword(OWNER, SipPassword.SET, "pippin-test",
                    SipPasswords.ha1(OWNER, "pippin-test", PASSWORD)));
            assertEquals(Wire.RESULT_NOT_OWNER, r.outcome);
            assertEquals(Wire.RESULT_NOT_OWNER, send(other, new SipPassword(OWNER, SipPassword.CLEAR)).outcome);
            assertTrue(!Files.exists(dir.resolve("data").resolve(SipPasswords.FILE)), "nothing written");
            assertEquals(403, register(PASSWORD));
        }
    }
}
