package org.pippin.relay;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.security.SecureRandom;
import org.pippin.identity.BlockList;
import org.pippin.identity.Claim;
import org.pippin.identity.IdentityKey;
import org.pippin.identity.LoginProof;
import org.pippin.identity.ProofOfWork;
import org.pippin.identity.Release;
import org.pippin.protocol.Challenge;
import org.pippin.protocol.Frame;
import org.pippin.protocol.Hello;
import org.pippin.protocol.Login;
import org.pippin.protocol.RecordRequest;
import org.pippin.protocol.Result;
import org.pippin.protocol.Wire;

/**
 * A Java SE phone that owns numbers with an Ed25519 identity key, over a {@link TestPhone}'s socket: HELLO for a
 * challenge, signed claims with real proof of work, logins, releases and block lists, as the MIDlet will send them.
 */
final class KeyPhone implements AutoCloseable {
    private static final SecureRandom RANDOM = new SecureRandom();

    final TestPhone phone;
    final IdentityKey key;
    /** The last CHALLENGE this phone got. */
    Challenge challenge;

    KeyPhone(TestPhone phone) {
        this(phone, newKey());
    }

    /** A phone with a key it already has (the same owner on a new connection). */
    KeyPhone(TestPhone phone, IdentityKey key) {
        this.phone = phone;
        this.key = key;
    }

    private static IdentityKey newKey() {
        byte[] secret = new byte[IdentityKey.SECRET_KEY_SIZE];
        RANDOM.nextBytes(secret);
        return IdentityKey.fromSecret(secret);
    }

    static long now() {
        return System.currentTimeMillis() / 1000;
    }

    /** HELLO, padded as phones pad it, and the CHALLENGE that answers it. */
    Challenge hello() throws Exception {
        byte[] nonce = new byte[Wire.NONCE_SIZE];
        RANDOM.nextBytes(nonce);
        phone.send(Hello.padded(nonce));
        challenge = phone.expect(Challenge.class);
        assertArrayEquals(nonce, challenge.clientNonce());
        return challenge;
    }

    /** A signed claim with {@code difficulty} bits of work: SPECIFIC for a number, RANDOM with a prefix. */
    byte[] claimRecord(int mode, String number, int difficulty) {
        long time = now();
        ProofOfWork work = Claim.work(mode, number, key.publicKey(), time, difficulty);
        while (!work.search(1 << 16)) {
            // slices of work, as a phone does between screen updates
        }
        return Claim.sign(key, mode, number, time, difficulty, work.nonce()).encode();
    }

    /** A request as a phone sends it: after a HELLO, whose CHALLENGE it acknowledges, proving its address. */
    Result request(int type, byte[] record) throws Exception {
        if (challenge == null) {
            hello();
        }
        phone.send(new RecordRequest(type, record));
        Result r = phone.expect(Result.class);
        assertEquals(type, r.request);
        return r;
    }

    Result claim(String number, int difficulty) throws Exception {
        return request(Wire.CLAIM, claimRecord(Claim.SPECIFIC, number, difficulty));
    }

    Result claimRandom(String prefix, int difficulty) throws Exception {
        return request(Wire.CLAIM, claimRecord(Claim.RANDOM, prefix, difficulty));
    }

    Result release(String number) throws Exception {
        return request(Wire.RELEASE, Release.sign(key, number, now()).encode());
    }

    Result blockList(String owner, long sequence, boolean anonymous, String[] numbers, String[] prefixes)
            throws Exception {
        return request(Wire.BLOCKLIST, BlockList.sign(key, owner, sequence, anonymous, numbers, prefixes).encode());
    }

    /** The LOGIN for {@code number} answering the last CHALLENGE. */
    Login loginFrame(String number) {
        return new Login(LoginProof.sign(key, number, challenge.challenge(), now()).encode(), TestPhone.GSM);
    }

    /** HELLO, then LOGIN; returns the relay's answer (REGISTERED or ERROR). */
    Frame login(String number) throws Exception {
        hello();
        phone.send(loginFrame(number));
        return phone.frames.poll(TestPhone.WAIT_SECONDS * 3, java.util.concurrent.TimeUnit.SECONDS);
    }

    @Override
    public void close() throws IOException {
        phone.close();
    }
}
