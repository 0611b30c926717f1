package org.pippin.protocol;

/**
 * PEER_HELLO (0x20, relay to relay, first frame on a relay link): the connecting relay names its identity key and
 * sends a fresh nonce. The other relay answers PEER_CHALLENGE; the link carries calls once PEER_LOGIN verified.
 *
 * <pre>
 * +---------------------------------+----------------------+
 * | relay key (32, Ed25519 public)  | nonce (16)           |
 * +---------------------------------+----------------------+
 * </pre>
 */
public final class PeerHello extends Frame {
    private final byte[] relayKey;
    private final byte[] nonce;

    public PeerHello(byte[] relayKey, byte[] nonce) {
        super(Wire.PEER_HELLO);
        this.relayKey = PeerChallenge.fixed(relayKey, Wire.KEY_SIZE, "relay key");
        this.nonce = PeerChallenge.fixed(nonce, Wire.NONCE_SIZE, "nonce");
    }

    static Frame read(Reader r) throws ProtocolException {
        return new PeerHello(r.raw("relay key", Wire.KEY_SIZE), r.raw("nonce", Wire.NONCE_SIZE));
    }

    public byte[] relayKey() {
        return Hello.copy(relayKey);
    }

    public byte[] nonce() {
        return Hello.copy(nonce);
    }

    int bodyLength() {
        return Wire.KEY_SIZE + Wire.NONCE_SIZE;
    }

    void writeBody(Writer w) {
        w.raw(relayKey);
        w.raw(nonce);
    }

    void describe(StringBuffer sb) {
        sb.append(" key=").append(Wire.hex(relayKey, 0, 4)).append(" nonce=").append(Wire.hex(nonce, 0, 4));
    }
}
