package org.pippin.protocol;

/**
 * PEER_CHALLENGE (0x21, relay to relay): the answer to PEER_HELLO. The accepting relay names its own key, sends its
 * nonce and proves its key at once by signing both nonces and both keys, so the connecting relay knows it reached
 * the relay a presence record named before it sends anything about a call.
 *
 * <pre>
 * +---------------------------------+----------------------+------------------------------+
 * | relay key (32, Ed25519 public)  | nonce (16)           | signature (64)               |
 * +---------------------------------+----------------------+------------------------------+
 * </pre>
 */
public final class PeerChallenge extends Frame {
    public static final int SIGNATURE_SIZE = 64;

    private final byte[] relayKey;
    private final byte[] nonce;
    private final byte[] signature;

    public PeerChallenge(byte[] relayKey, byte[] nonce, byte[] signature) {
        super(Wire.PEER_CHALLENGE);
        this.relayKey = fixed(relayKey, Wire.KEY_SIZE, "relay key");
        this.nonce = fixed(nonce, Wire.NONCE_SIZE, "nonce");
        this.signature = fixed(signature, SIGNATURE_SIZE, "signature");
    }

    static Frame read(Reader r) throws ProtocolException {
        return new PeerChallenge(r.raw("relay key", Wire.KEY_SIZE), r.raw("nonce", Wire.NONCE_SIZE),
            r.raw("signature", SIGNATURE_SIZE));
    }

    public byte[] relayKey() {
        return Hello.copy(relayKey);
    }

    public byte[] nonce() {
        return Hello.copy(nonce);
    }

    public byte[] signature() {
        return Hello.copy(signature);
    }

    int bodyLength() {
        return Wire.KEY_SIZE + Wire.NONCE_SIZE + SIGNATURE_SIZE;
    }

    void writeBody(Writer w) {
        w.raw(relayKey);
        w.raw(nonce);
        w.raw(signature);
    }

    void describe(StringBuffer sb) {
        sb.append(" key=").append(Wire.hex(relayKey, 0, 4)).append(" nonce=").append(Wire.hex(nonce, 0, 4));
    }

    /** A copy of {@code b}, which must be exactly {@code n} bytes. */
    static byte[] fixed(byte[] b, int n, String field) {
        if (b == null || b.length != n) {
            throw new IllegalArgumentException(field + " must be " + n + " bytes");
        }
        return Hello.copy(b);
    }
}
