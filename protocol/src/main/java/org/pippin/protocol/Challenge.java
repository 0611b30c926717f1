package org.pippin.protocol;

/**
 * CHALLENGE (0x0C, relay to phone, unreliable): answers a HELLO. The phone signs the challenge nonce in a LoginProof
 * (one proof per challenge: a new HELLO gets a new nonce, and the old one is no longer accepted), puts at least
 * {@code difficulty} bits of proof of work into its claims and trusts registrar records signed by these keys.
 *
 * <pre>
 * +----------------------+----------------------+------------+-------+---------------------------+
 * | client nonce (16)    | challenge (16)       | difficulty | count | registrar keys (count*32) |
 * +----------------------+----------------------+------------+-------+---------------------------+
 *                                                  u8           u8 (0..7)
 * </pre>
 */
public final class Challenge extends Frame {
    /** Longest CHALLENGE frame: 7 registrar keys. */
    public static final int MAX_SIZE = Wire.HEADER + 2 * Wire.NONCE_SIZE + 2 + Wire.MAX_REGISTRAR_KEYS * Wire.KEY_SIZE;

    private final byte[] clientNonce;
    private final byte[] challenge;
    public final int difficulty;
    private final byte[][] registrarKeys;

    public Challenge(byte[] clientNonce, byte[] challenge, int difficulty, byte[][] registrarKeys) {
        super(Wire.CHALLENGE);
        this.clientNonce = fixed(clientNonce, Wire.NONCE_SIZE, "client nonce");
        this.challenge = fixed(challenge, Wire.NONCE_SIZE, "challenge");
        this.difficulty = checkU8(difficulty, "difficulty");
        checkRange(registrarKeys.length, 0, Wire.MAX_REGISTRAR_KEYS, "registrar key count");
        this.registrarKeys = new byte[registrarKeys.length][];
        for (int i = 0; i < registrarKeys.length; i++) {
            this.registrarKeys[i] = fixed(registrarKeys[i], Wire.KEY_SIZE, "registrar key");
        }
    }

    static Frame read(Reader r) throws ProtocolException {
        byte[] clientNonce = r.raw("client nonce", Wire.NONCE_SIZE);
        byte[] challenge = r.raw("challenge", Wire.NONCE_SIZE);
        int difficulty = r.u8("difficulty");
        int count = r.u8("key count");
        if (count > Wire.MAX_REGISTRAR_KEYS) {
            throw new ProtocolException(Wire.ERR_MALFORMED, "CHALLENGE key count: " + count + ", at most "
                + Wire.MAX_REGISTRAR_KEYS);
        }
        byte[][] keys = new byte[count][];
        for (int i = 0; i < count; i++) {
            keys[i] = r.raw("registrar key", Wire.KEY_SIZE);
        }
        return new Challenge(clientNonce, challenge, difficulty, keys);
    }

    public byte[] clientNonce() {
        return Hello.copy(clientNonce);
    }

    public byte[] challenge() {
        return Hello.copy(challenge);
    }

    public int keyCount() {
        return registrarKeys.length;
    }

    public byte[] registrarKey(int i) {
        return Hello.copy(registrarKeys[i]);
    }

    int bodyLength() {
        return 2 * Wire.NONCE_SIZE + 2 + registrarKeys.length * Wire.KEY_SIZE;
    }

    void writeBody(Writer w) {
        w.raw(clientNonce);
        w.raw(challenge);
        w.u8(difficulty);
        w.u8(registrarKeys.length);
        for (int i = 0; i < registrarKeys.length; i++) {
            w.raw(registrarKeys[i]);
        }
    }

    void describe(StringBuffer sb) {
        sb.append(" nonce=").append(Wire.hex(clientNonce, 0, 4)).append(" challenge=").append(Wire.hex(challenge, 0, 4))
            .append(" difficulty=").append(difficulty).append(" keys=").append(registrarKeys.length);
    }

    static byte[] fixed(byte[] b, int size, String field) {
        if (b == null || b.length != size) {
            throw new IllegalArgumentException(field + " must be " + size + " bytes");
        }
        return Hello.copy(b);
    }
}
