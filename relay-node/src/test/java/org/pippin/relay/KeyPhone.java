package org.pippin.relay;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.security.SecureRandom;
import java.util.Arrays;
import org.pippin.identity.BlockList;
import org.pippin.identity.CallerIdProof;
import org.pippin.identity.Claim;
import org.pippin.identity.Drbg;
import org.pippin.identity.EphemeralKey;
import org.pippin.identity.IdentityException;
import org.pippin.identity.IdentityKey;
import org.pippin.identity.KeyShare;
import org.pippin.identity.LoginProof;
import org.pippin.identity.ProofOfWork;
import org.pippin.identity.Release;
import org.pippin.identity.VoiceCipher;
import org.pippin.identity.VoiceKeys;
import org.pippin.protocol.Answer;
import org.pippin.protocol.Challenge;
import org.pippin.protocol.Frame;
import org.pippin.protocol.Hello;
import org.pippin.protocol.Invite;
import org.pippin.protocol.Login;
import org.pippin.protocol.RecordRequest;
import org.pippin.protocol.Registered;
import org.pippin.protocol.Result;
import org.pippin.protocol.VoicePacket;
import org.pippin.protocol.Wire;

/**
 * A Java SE phone that owns numbers with an Ed25519 identity key, over a {@link TestPhone}'s socket: HELLO for a
 * challenge, signed claims with real proof of work, logins, releases and block lists, as the MIDlet will send them;
 * and calls with keys: INVITEs with a CALLER_ID proof and a KEY_SHARE, ANSWERs with the callee's share, voice keys
 * from both ({@link KeyCall}), voice sealed and opened with them.
 */
final class KeyPhone implements AutoCloseable {
    private static final SecureRandom RANDOM = new SecureRandom();

    final TestPhone phone;
    final IdentityKey key;
    /** The last CHALLENGE this phone got. */
    Challenge challenge;
    /** The relay's clock minus this phone's, from the last REGISTERED: added to every time stamp, as phones do. */
    long clockOffset;
    private final Drbg random;

    KeyPhone(TestPhone phone) {
        this(phone, newKey());
    }

    /** A phone with a key it already has (the same owner on a new connection). */
    KeyPhone(TestPhone phone, IdentityKey key) {
        this.phone = phone;
        this.key = key;
        byte[] seed = new byte[Drbg.MIN_SEED];
        RANDOM.nextBytes(seed);
        this.random = new Drbg(seed);
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

    /** HELLO, then LOGIN; returns the relay's answer (REGISTERED or ERROR). A REGISTERED sets the clock offset. */
    Frame login(String number) throws Exception {
        hello();
        phone.send(loginFrame(number));
        Frame f = phone.frames.poll(TestPhone.WAIT_SECONDS * 3, java.util.concurrent.TimeUnit.SECONDS);
        if (f instanceof Registered && ((Registered) f).relayTime != 0) {
            clockOffset = ((Registered) f).relayTime - now();
        }
        return f;
    }

    /** This phone's idea of the relay's time: its own clock plus the offset REGISTERED taught it. */
    long relayNow() {
        return now() + clockOffset;
    }

    byte[] nonce() {
        byte[] n = new byte[CallerIdProof.NONCE_SIZE];
        RANDOM.nextBytes(n);
        return n;
    }

    /** A call from {@code caller} (one of this phone's numbers) to {@code callee}, proven and keyed. */
    KeyCall call(int callId, String caller, String callee) {
        byte[] nonce = nonce();
        long t = relayNow();
        EphemeralKey eph = EphemeralKey.generate(random);
        KeyShare share = KeyShare.sign(key, KeyShare.CALLER, caller, callee, nonce, t, eph);
        Invite inv = new Invite(callId, caller, callee, TestPhone.GSM, 100, 0,
                CallerIdProof.sign(key, caller, callee, t, nonce).encode(), share.encode());
        return new KeyCall(KeyShare.CALLER, inv, eph, share);
    }

    /** An anonymous call: no caller number, an unsigned statement and an unsigned key share. */
    KeyCall callAnonymously(int callId, String callee) {
        byte[] nonce = nonce();
        long t = relayNow();
        EphemeralKey eph = EphemeralKey.generate(random);
        KeyShare share = KeyShare.anonymous(callee, nonce, t, eph);
        Invite inv = new Invite(callId, "", callee, TestPhone.GSM, 100, 0,
                CallerIdProof.anonymous(callee, t, nonce).encode(), share.encode());
        return new KeyCall(KeyShare.CALLER, inv, eph, share);
    }

    /**
     * Takes an incoming INVITE as the callee: checks the caller's share as a phone must (signed by {@code callerKey},
     * the registrar's key for the number shown; null for an anonymous caller), then signs its own share.
     */
    KeyCall take(Invite in, byte[] callerKey) throws IdentityException {
        byte[] b = in.keyShare();
        KeyShare callerShare = KeyShare.decode(b, 0, b.length);
        if (callerKey == null ? !callerShare.isAnonymous() : !callerShare.verify(callerKey)) {
            throw new IdentityException("caller's KEY_SHARE does not hold");
        }
        EphemeralKey eph = EphemeralKey.generate(random);
        KeyShare mine = KeyShare.sign(key, KeyShare.CALLEE, in.caller, in.callee, callerShare.callNonce(), relayNow(),
                eph);
        KeyCall c = new KeyCall(KeyShare.CALLEE, in, eph, mine);
        c.keys = VoiceKeys.derive(eph, callerShare, mine, KeyShare.CALLEE);
        c.channel = in.channel;
        return c;
    }

    /** One call with keys, seen from one phone. */
    static final class KeyCall {
        final int role;
        final Invite invite;
        final EphemeralKey ephemeral;
        final KeyShare mine;
        VoiceKeys keys;
        /** This phone's voice channel, from the INVITE (callee) or the ANSWER (caller). */
        int channel;
        private int seq = 100;

        KeyCall(int role, Invite invite, EphemeralKey ephemeral, KeyShare mine) {
            this.role = role;
            this.invite = invite;
            this.ephemeral = ephemeral;
            this.mine = mine;
        }

        /** The callee's ANSWER with its share. */
        Answer answer() {
            return new Answer(invite.callId, Wire.CODEC_GSM, 100, 0, mine.encode());
        }

        /** The caller's side once the ANSWER came: checks the callee's share against {@code calleeKey}. */
        void answered(Answer a, byte[] calleeKey) throws IdentityException {
            byte[] b = a.keyShare();
            KeyShare calleeShare = KeyShare.decode(b, 0, b.length);
            if (!calleeShare.verify(calleeKey)) {
                throw new IdentityException("callee's KEY_SHARE does not hold");
            }
            keys = VoiceKeys.derive(ephemeral, mine, calleeShare, KeyShare.CALLER);
            channel = a.channel;
        }

        /** Seals {@code frames} into this phone's next voice packet; sends it through {@code phone}. */
        void sendVoice(TestPhone phone, byte[] frames) throws IOException {
            byte[] p = new byte[VoicePacket.HEADER + frames.length + VoiceCipher.TAG_SIZE];
            VoicePacket.writeHeader(p, 0, channel, seq++);
            System.arraycopy(frames, 0, p, VoicePacket.HEADER, frames.length);
            int len = keys.send.seal(p, 0, VoicePacket.HEADER + frames.length);
            phone.sendVoice(channel, VoicePacket.sequence(p, 0), Arrays.copyOfRange(p, VoicePacket.HEADER, len));
        }

        /** Opens a received packet (left as it is); the codec frames, or null if it does not open. */
        byte[] open(byte[] packet) {
            byte[] p = packet.clone();
            int len = keys.receive.open(p, 0, p.length);
            return len < 0 ? null : Arrays.copyOfRange(p, VoicePacket.HEADER, len);
        }
    }

    @Override
    public void close() throws IOException {
        phone.close();
    }
}
