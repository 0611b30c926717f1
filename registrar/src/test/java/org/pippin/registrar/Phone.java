package org.pippin.registrar;

import java.security.SecureRandom;

import org.pippin.identity.BlockList;
import org.pippin.identity.Claim;
import org.pippin.identity.IdentityKey;
import org.pippin.identity.LoginProof;
import org.pippin.identity.ProofOfWork;
import org.pippin.identity.Release;

/** A phone's identity key and the records it signs, with real proof of work. */
final class Phone {
    private static final SecureRandom RANDOM = new SecureRandom();

    final IdentityKey key;

    Phone() {
        byte[] secret = new byte[IdentityKey.SECRET_KEY_SIZE];
        RANDOM.nextBytes(secret);
        key = IdentityKey.fromSecret(secret);
    }

    byte[] publicKey() {
        return key.publicKey();
    }

    byte[] claim(String number, long nowMillis, int difficulty) {
        return claim(Claim.SPECIFIC, number, nowMillis, difficulty);
    }

    byte[] claimRandom(String prefix, long nowMillis, int difficulty) {
        return claim(Claim.RANDOM, prefix, nowMillis, difficulty);
    }

    byte[] claim(int mode, String number, long nowMillis, int difficulty) {
        long time = nowMillis / 1000;
        ProofOfWork work = Claim.work(mode, number, key.publicKey(), time, difficulty);
        while (!work.search(1 << 16)) {
            // keep searching; each slice is bounded so a phone could show progress
        }
        return Claim.sign(key, mode, number, time, difficulty, work.nonce()).encode();
    }

    byte[] release(String number, long nowMillis) {
        return Release.sign(key, number, nowMillis / 1000).encode();
    }

    byte[] login(String number, long nowMillis) {
        byte[] challenge = new byte[LoginProof.CHALLENGE_SIZE];
        RANDOM.nextBytes(challenge);
        return LoginProof.sign(key, number, challenge, nowMillis / 1000).encode();
    }

    byte[] blockList(String number, long sequence, String... blocked) {
        return BlockList.sign(key, number, sequence, false, blocked, new String[0]).encode();
    }
}
