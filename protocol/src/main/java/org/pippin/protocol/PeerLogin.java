package org.pippin.protocol;

/**
 * PEER_LOGIN (0x22, relay to relay): the connecting relay's signature over both keys and both nonces of the
 * PEER_HELLO / PEER_CHALLENGE exchange. The accepting relay closes the link with ERROR AUTH_FAILED if it does not
 * verify; otherwise the link carries INVITE, RINGING, ANSWER, REJECT, BYE and voice for calls between the two.
 *
 * <pre>
 * +------------------------------+
 * | signature (64)               |
 * +------------------------------+
 * </pre>
 */
public final class PeerLogin extends Frame {
    private final byte[] signature;

    public PeerLogin(byte[] signature) {
        super(Wire.PEER_LOGIN);
        this.signature = PeerChallenge.fixed(signature, PeerChallenge.SIGNATURE_SIZE, "signature");
    }

    static Frame read(Reader r) throws ProtocolException {
        return new PeerLogin(r.raw("signature", PeerChallenge.SIGNATURE_SIZE));
    }

    public byte[] signature() {
        return Hello.copy(signature);
    }

    int bodyLength() {
        return PeerChallenge.SIGNATURE_SIZE;
    }

    void writeBody(Writer w) {
        w.raw(signature);
    }

    void describe(StringBuffer sb) {
        sb.append(" sig=").append(Wire.hex(signature, 0, 4));
    }
}
