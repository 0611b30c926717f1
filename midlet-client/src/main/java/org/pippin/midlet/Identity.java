package org.pippin.midlet;

import org.pippin.identity.BlockList;
import org.pippin.identity.CallerIdProof;
import org.pippin.identity.Claim;
import org.pippin.identity.Drbg;
import org.pippin.identity.EphemeralKey;
import org.pippin.identity.IdentityKey;
import org.pippin.identity.KeyShare;
import org.pippin.identity.LinkCheck;
import org.pippin.identity.LinkedNumbers;
import org.pippin.identity.LoginProof;
import org.pippin.identity.Release;
import org.pippin.identity.VoicemailSettings;
import org.pippin.protocol.Clock;

/**
 * The phone's identity: its Ed25519 key, the random generator for call keys and nonces, and the network's time.
 * Every record the phone signs is made here.
 *
 * <p>Time: records carry seconds since 1970 that the registrar and relays check against their clocks (a window of
 * minutes). Feature phones often run with a clock the user never set, so the phone keeps an offset to the network's
 * time, learned from the registrar's {@code issued} time in every record a RESULT brings (a claim, a release): the
 * relay answered within one round trip of signing it. The offset is kept in RMS, so logins after a restart use the
 * network's time too; until the first record the phone's own clock is used.
 */
final class Identity {

    private final IdentityKey key;
    private final Drbg random;
    private final Clock clock;
    /** Read by the UI thread to keep it in RMS; a volatile long is read whole. */
    private volatile long offsetSeconds;

    /** @param offsetSeconds the network's time minus the phone's, as learnt before (0 if never) */
    Identity(IdentityKey key, Drbg random, Clock clock, long offsetSeconds) {
        this.key = key;
        this.random = random;
        this.clock = clock;
        this.offsetSeconds = offsetSeconds;
    }

    String fingerprint() {
        return key.fingerprint();
    }

    byte[] publicKey() {
        return key.publicKey();
    }

    /** Seconds since 1970 as the network counts them. */
    long now() {
        return clock.nowMillis() / 1000 + offsetSeconds;
    }

    /** The registrar signed a record at {@code issued} (its clock) just now: follow its time from here on. */
    void learnTime(long issued) {
        long mine = clock.nowMillis() / 1000;
        offsetSeconds = issued - mine;
    }

    long offsetSeconds() {
        return offsetSeconds;
    }

    byte[] randomBytes(int n) {
        byte[] b = new byte[n];
        random.nextBytes(b, 0, n);
        return b;
    }

    int randomInt() {
        byte[] b = randomBytes(4);
        return (b[0] & 0xFF) << 24 | (b[1] & 0xFF) << 16 | (b[2] & 0xFF) << 8 | (b[3] & 0xFF);
    }

    EphemeralKey newEphemeral() {
        return EphemeralKey.generate(random);
    }

    byte[] login(String number, byte[] challenge) {
        return LoginProof.sign(key, number, challenge, now()).encode();
    }

    ClaimJob claimJob(int mode, String number, int difficulty) {
        return new ClaimJob(key, clock, mode, number, now(), difficulty);
    }

    /** The owner's voicemail settings for {@code number}, signed now (network time). */
    byte[] voicemailSettings(String number, int flags, int ringSeconds, int greeting, String email) {
        return VoicemailSettings.sign(key, number, now(), flags, ringSeconds, greeting, email).encode();
    }

    byte[] release(String number) {
        return Release.sign(key, number, now()).encode();
    }

    byte[] blockList(String owner, long sequence, boolean anonymous, String[] numbers, String[] prefixes) {
        return BlockList.sign(key, owner, sequence, anonymous, numbers, prefixes).encode();
    }

    byte[] links(String owner, long sequence, int rule, int stepSeconds, String[] linked) {
        return LinkedNumbers.sign(key, owner, sequence, rule, stepSeconds, linked).encode();
    }

    byte[] linkCheck(String owner, String linked, String code) {
        return LinkCheck.sign(key, owner, now(), linked, code).encode();
    }

    /** The caller ID record of an INVITE: signed for {@code caller}, or the unsigned anonymous statement. */
    byte[] callerId(String caller, String callee, byte[] nonce) {
        return caller == null ? CallerIdProof.anonymous(callee, now(), nonce).encode()
            : CallerIdProof.sign(key, caller, callee, now(), nonce).encode();
    }

    KeyShare keyShare(int role, String caller, String callee, byte[] callNonce, EphemeralKey ephemeral) {
        return KeyShare.sign(key, role, caller, callee, callNonce, now(), ephemeral);
    }

    /** The claim's mode for people and events. */
    static String modeName(int mode) {
        return mode == Claim.RANDOM ? "random" : "specific";
    }
}
