package org.pippin.protocol;

/**
 * LOGIN (0x0D, phone to relay, reliable): attaches a number owned by the phone's key. The proof is an identity
 * LoginProof record (number, public key, the relay's CHALLENGE nonce, time, signature), carried as opaque bytes: the
 * relay checks it against the owner's key from the registrar. Answered by REGISTERED, or ERROR AUTH_FAILED (wrong key,
 * no or a used challenge), NOT_IN_SERVICE (the number is in quarantine) or UNAVAILABLE (the registrar did not answer).
 * A phone may log in several numbers, one LOGIN (and one CHALLENGE) each.
 *
 * <pre>
 * +--------+----------------------------------+--------+
 * | length | LoginProof record (1..255 bytes) | codecs |
 * +--------+----------------------------------+--------+
 *   u8                                          u8 mask (1 &lt;&lt; codec id)
 * </pre>
 */
public final class Login extends Frame {
    private final byte[] proof;
    public final int codecMask;

    public Login(byte[] proof, int codecMask) {
        super(Wire.LOGIN);
        if (proof == null) {
            throw new IllegalArgumentException("proof is null");
        }
        checkRange(proof.length, 1, Wire.MAX_TEXT, "proof length");
        this.proof = Hello.copy(proof);
        this.codecMask = checkU8(codecMask, "codec mask");
    }

    static Frame read(Reader r) throws ProtocolException {
        return new Login(r.bytes("proof", 1, Wire.MAX_TEXT), r.u8("codec mask"));
    }

    public byte[] proof() {
        return Hello.copy(proof);
    }

    int bodyLength() {
        return 1 + proof.length + 1;
    }

    void writeBody(Writer w) {
        w.bytes(proof);
        w.u8(codecMask);
    }

    void describe(StringBuffer sb) {
        sb.append(" proof=").append(proof.length).append("B codecs=").append(Wire.codecMaskName(codecMask));
    }
}
