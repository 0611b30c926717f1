package org.pippin.identity;

import org.bouncycastle.crypto.digests.SHA256Digest;

/**
 * The two {@link VoiceCipher}s of one side of a call, from the X25519 agreement of both sides' {@link KeyShare}s.
 *
 * <p>HKDF-SHA256 with salt = SHA-256(caller's share || callee's share) (both exactly as sent, so the keys are bound
 * to both identities, numbers, the call nonce and the ephemeral keys), IKM = the X25519 shared secret, info =
 * {@code "pippin voice v1"}, 128 bytes out: caller-to-callee cipher key and MAC key, then callee-to-caller.
 * Each side must first check the other's share with {@link KeyShare#verify} against the registrar's key for that
 * number.
 */
public final class VoiceKeys {
    private static final byte[] INFO = {'p', 'i', 'p', 'p', 'i', 'n', ' ', 'v', 'o', 'i', 'c', 'e', ' ', 'v', '1'};

    /** Encrypts what this side sends. */
    public final VoiceCipher send;
    /** Decrypts what this side receives. */
    public final VoiceCipher receive;

    private VoiceKeys(VoiceCipher send, VoiceCipher receive) {
        this.send = send;
        this.receive = receive;
    }

    /**
     * @param mine this side's ephemeral key, whose public key is in this side's share
     * @param callerShare the caller's share; @param calleeShare the callee's share (one of them is this side's)
     * @param role {@link KeyShare#CALLER} or {@link KeyShare#CALLEE}: which side this is
     * @throws IdentityException if the shares are not two sides of one call, this side's share does not hold
     *     {@code mine}, or the peer's key is a low-order point
     */
    public static VoiceKeys derive(EphemeralKey mine, KeyShare callerShare, KeyShare calleeShare, int role)
            throws IdentityException {
        if (callerShare.role != KeyShare.CALLER || calleeShare.role != KeyShare.CALLEE
                || !callerShare.sameCall(calleeShare)) {
            throw new IdentityException("KEY_SHARE pair is not a caller and a callee of one call");
        }
        KeyShare own = role == KeyShare.CALLER ? callerShare : calleeShare;
        KeyShare peer = role == KeyShare.CALLER ? calleeShare : callerShare;
        if (!Records.equal(own.ephemeralKey(), mine.publicKey())) {
            throw new IdentityException("KEY_SHARE of this side does not hold this side's ephemeral key");
        }
        byte[] shared = mine.agree(peer.ephemeralKey());
        SHA256Digest sha = new SHA256Digest();
        byte[] a = callerShare.encode();
        byte[] b = calleeShare.encode();
        sha.update(a, 0, a.length);
        sha.update(b, 0, b.length);
        byte[] salt = new byte[32];
        sha.doFinal(salt, 0);
        byte[] okm = Hkdf.derive(salt, shared, INFO, 128);
        VoiceCipher callerToCallee = new VoiceCipher(part(okm, 0), part(okm, 32));
        VoiceCipher calleeToCaller = new VoiceCipher(part(okm, 64), part(okm, 96));
        return role == KeyShare.CALLER ? new VoiceKeys(callerToCallee, calleeToCaller)
            : new VoiceKeys(calleeToCaller, callerToCallee);
    }

    private static byte[] part(byte[] okm, int off) {
        return SignedRecord.slice(okm, off, 32);
    }
}
