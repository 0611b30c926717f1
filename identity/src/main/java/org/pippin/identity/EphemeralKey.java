package org.pippin.identity;

import org.bouncycastle.math.ec.rfc7748.X25519;

/** A call's ephemeral X25519 key pair (RFC 7748); used once, for one call, then dropped. */
public final class EphemeralKey {
    public static final int SIZE = X25519.POINT_SIZE;

    private final byte[] secret;
    private final byte[] publicKey = new byte[SIZE];

    private EphemeralKey(byte[] secret) {
        this.secret = secret;
        X25519.scalarMultBase(secret, 0, publicKey, 0);
    }

    public static EphemeralKey generate(Drbg random) {
        byte[] secret = new byte[X25519.SCALAR_SIZE];
        random.nextBytes(secret, 0, secret.length);
        return new EphemeralKey(secret);
    }

    /** The key pair of a 32-byte RFC 7748 scalar (copied); for test vectors. */
    static EphemeralKey fromSecret(byte[] secret) {
        return new EphemeralKey(Records.copy(secret));
    }

    public byte[] publicKey() {
        return Records.copy(publicKey);
    }

    /**
     * The 32-byte shared secret with {@code peerPublic}.
     *
     * @throws IdentityException if the peer's key is a low-order point (the result would be all zeros)
     */
    public byte[] agree(byte[] peerPublic) throws IdentityException {
        if (peerPublic == null || peerPublic.length != SIZE) {
            throw new IdentityException("X25519 public key must be " + SIZE + " bytes");
        }
        byte[] shared = new byte[SIZE];
        if (!X25519.calculateAgreement(secret, 0, peerPublic, 0, shared, 0)) {
            throw new IdentityException("X25519 public key is a low-order point");
        }
        return shared;
    }
}
