package org.pippin.identity;

import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.math.ec.rfc8032.Ed25519;

/**
 * A phone's (or a registrar's) Ed25519 identity key pair (RFC 8032). Every signature is domain-separated: the signed
 * message is the ASCII domain tag, a zero byte, then the data, so a signature over one kind of data cannot be replayed
 * as another.
 *
 * <p>Kept in RMS as {@link #encode()}:
 * <pre>
 * +---------+--------------------------+--------------------------+
 * | version | secret key (32)          | public key (32)          |
 * +---------+--------------------------+--------------------------+
 *   u8 = 1
 * </pre>
 */
public final class IdentityKey {
    public static final int SECRET_KEY_SIZE = Ed25519.SECRET_KEY_SIZE;
    public static final int PUBLIC_KEY_SIZE = Ed25519.PUBLIC_KEY_SIZE;
    public static final int SIGNATURE_SIZE = Ed25519.SIGNATURE_SIZE;
    /** Bytes of {@link #encode()}. */
    public static final int ENCODED_SIZE = 1 + SECRET_KEY_SIZE + PUBLIC_KEY_SIZE;
    private static final int ENCODING_VERSION = 1;
    private static final String HEX = "0123456789ABCDEF";

    private final byte[] secret;
    private final byte[] publicKey;

    private IdentityKey(byte[] secret) {
        this.secret = secret;
        this.publicKey = new byte[PUBLIC_KEY_SIZE];
        Ed25519.generatePublicKey(secret, 0, publicKey, 0);
    }

    /** A new key pair whose 32-byte secret comes from {@code random}. */
    public static IdentityKey generate(Drbg random) {
        byte[] secret = new byte[SECRET_KEY_SIZE];
        random.nextBytes(secret, 0, secret.length);
        return new IdentityKey(secret);
    }

    /** The key pair of a 32-byte RFC 8032 secret key (copied). */
    public static IdentityKey fromSecret(byte[] secret) {
        if (secret == null || secret.length != SECRET_KEY_SIZE) {
            throw new IllegalArgumentException("secret key must be " + SECRET_KEY_SIZE + " bytes");
        }
        return new IdentityKey(Records.copy(secret));
    }

    /** The key as stored in RMS; holds the secret key, so it never leaves the phone. */
    public byte[] encode() {
        byte[] out = new byte[ENCODED_SIZE];
        out[0] = ENCODING_VERSION;
        System.arraycopy(secret, 0, out, 1, SECRET_KEY_SIZE);
        System.arraycopy(publicKey, 0, out, 1 + SECRET_KEY_SIZE, PUBLIC_KEY_SIZE);
        return out;
    }

    /**
     * Reads a key written by {@link #encode()}.
     *
     * @throws IdentityException if the length or version is wrong or the public key does not belong to the secret
     */
    public static IdentityKey decode(byte[] buf, int off, int len) throws IdentityException {
        if (len != ENCODED_SIZE) {
            throw new IdentityException("IDENTITY_KEY length " + len + ", expected " + ENCODED_SIZE);
        }
        if (buf[off] != ENCODING_VERSION) {
            throw new IdentityException("IDENTITY_KEY version " + (buf[off] & 0xFF) + " unsupported, expected "
                + ENCODING_VERSION);
        }
        IdentityKey key = new IdentityKey(SignedRecord.slice(buf, off + 1, SECRET_KEY_SIZE));
        if (!Records.equal(key.publicKey, SignedRecord.slice(buf, off + 1 + SECRET_KEY_SIZE, PUBLIC_KEY_SIZE))) {
            throw new IdentityException("IDENTITY_KEY public key does not match the secret key");
        }
        return key;
    }

    /** The 32-byte public key, a copy. */
    public byte[] publicKey() {
        return Records.copy(publicKey);
    }

    /** {@link #fingerprint(byte[])} of this key. */
    public String fingerprint() {
        return fingerprint(publicKey);
    }

    /**
     * A short form of a public key for people to compare on two screens: the first 64 bits of its SHA-256 as four
     * groups of four hex digits, e.g. {@code 3F2A 91C0 77DE 0B12}. Enough to notice a substituted key; not a key id.
     */
    public static String fingerprint(byte[] publicKey) {
        SHA256Digest sha = new SHA256Digest();
        sha.update(publicKey, 0, publicKey.length);
        byte[] hash = new byte[sha.getDigestSize()];
        sha.doFinal(hash, 0);
        StringBuffer sb = new StringBuffer(19);
        for (int i = 0; i < 8; i++) {
            if (i > 0 && (i & 1) == 0) {
                sb.append(' ');
            }
            sb.append(HEX.charAt(hash[i] >> 4 & 0xF)).append(HEX.charAt(hash[i] & 0xF));
        }
        return sb.toString();
    }

    /** Signs {@code domain || 0x00 || m[off..off+len)} and writes the 64-byte signature at {@code sig[sigOff]}. */
    public void sign(String domain, byte[] m, int off, int len, byte[] sig, int sigOff) {
        byte[] message = separated(domain, m, off, len);
        Ed25519.sign(secret, 0, publicKey, 0, message, 0, message.length, sig, sigOff);
    }

    /** Whether {@code sig[sigOff..+64)} is {@code publicKey}'s signature of {@code domain || 0x00 || m[off..+len)}. */
    public static boolean verify(byte[] publicKey, String domain, byte[] m, int off, int len, byte[] sig,
            int sigOff) {
        if (publicKey == null || publicKey.length != PUBLIC_KEY_SIZE || sig == null || sigOff < 0
                || sigOff > sig.length - SIGNATURE_SIZE) {
            return false;
        }
        byte[] message = separated(domain, m, off, len);
        return Ed25519.verify(sig, sigOff, publicKey, 0, message, 0, message.length);
    }

    /** Plain RFC 8032 Ed25519 signature, without a domain tag: for the RFC's test vectors only. */
    byte[] signRaw(byte[] m) {
        byte[] sig = new byte[SIGNATURE_SIZE];
        Ed25519.sign(secret, 0, publicKey, 0, m, 0, m.length, sig, 0);
        return sig;
    }

    private static byte[] separated(String domain, byte[] m, int off, int len) {
        int tag = domain.length();
        byte[] message = new byte[tag + 1 + len];
        for (int i = 0; i < tag; i++) {
            char c = domain.charAt(i);
            if (c == 0 || c > 0x7E) {
                throw new IllegalArgumentException("domain tag must be printable ASCII: " + domain);
            }
            message[i] = (byte) c;
        }
        System.arraycopy(m, off, message, tag + 1, len);
        return message;
    }
}
