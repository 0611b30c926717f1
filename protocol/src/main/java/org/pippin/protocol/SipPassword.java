package org.pippin.protocol;

/**
 * SIP_PASSWORD (0x42, phone to relay, reliable): the owner sets or clears the SIP password of {@code number} (one it
 * is logged in with) on this relay, for a SIP softphone to register with. The phone makes the password and sends only
 * HA1 = MD5(number ":" realm ":" password), which is what the relay stores: the session is not encrypted, and HA1,
 * unlike the password, is bound to this number and realm and does not reveal what the user typed.
 *
 * <pre>
 * +--------+----------------+--------+ SET only: ---------------+--------------------+
 * | digits | number (BCD)   |   op   | len | realm (ASCII)      | HA1 (16 bytes)     |
 * +--------+----------------+--------+-----+--------------------+--------------------+
 * </pre>
 *
 * {@code op}: {@link #ASK} (the relay answers RESULT SIP_REALM with its realm as the detail), {@link #SET} (stored if
 * the realm is the relay's: RESULT OK; else RESULT SIP_REALM and nothing stored), {@link #CLEAR} (RESULT OK; SIP
 * registrations of the number fail from then on). RESULT NOT_OWNER for a number the session is not logged in with,
 * UNAVAILABLE when the relay has no SIP side or cannot store the hash.
 */
public final class SipPassword extends Frame {
    public static final int ASK = 0;
    public static final int SET = 1;
    public static final int CLEAR = 2;
    public static final int HA1_SIZE = 16;
    /** A realm is one short token of printable ASCII. */
    public static final int MAX_REALM = 64;

    public final String number;
    public final int op;
    /** The realm HA1 was made for ({@link #SET}); "" otherwise. */
    public final String realm;
    private final byte[] ha1;

    /** {@link #ASK} or {@link #CLEAR}. */
    public SipPassword(String number, int op) {
        this(number, op, "", new byte[0]);
    }

    /** @throws IllegalArgumentException for a bad number, op, realm or HA1 length */
    public SipPassword(String number, int op, String realm, byte[] ha1) {
        super(Wire.SIP_PASSWORD);
        this.number = checkNumber(number);
        this.op = checkRange(op, ASK, CLEAR, "op");
        if (op == SET) {
            if (!isRealm(realm)) {
                throw new IllegalArgumentException("realm is not 1.." + MAX_REALM + " printable ASCII: " + realm);
            }
            if (ha1 == null || ha1.length != HA1_SIZE) {
                throw new IllegalArgumentException("HA1 must be " + HA1_SIZE + " bytes");
            }
        } else if (realm.length() != 0 || ha1.length != 0) {
            throw new IllegalArgumentException("only SET carries a realm and HA1");
        }
        this.realm = realm;
        this.ha1 = Hello.copy(ha1);
    }

    /** Whether {@code realm} can be carried: 1..{@link #MAX_REALM} printable ASCII characters, no space. */
    public static boolean isRealm(String realm) {
        if (realm == null || realm.length() == 0 || realm.length() > MAX_REALM) {
            return false;
        }
        for (int i = 0; i < realm.length(); i++) {
            char c = realm.charAt(i);
            if (c <= ' ' || c > '~') {
                return false;
            }
        }
        return true;
    }

    /** HA1 (16 bytes) for {@link #SET}, else empty; a copy. */
    public byte[] ha1() {
        return Hello.copy(ha1);
    }

    static Frame read(Reader r) throws ProtocolException {
        String number = r.number("number");
        int op = r.u8("op");
        if (op == SET) {
            String realm = r.text("realm");
            if (!isRealm(realm)) {
                throw r.malformed("realm is not 1.." + MAX_REALM + " printable ASCII");
            }
            return new SipPassword(number, op, realm, r.raw("HA1", HA1_SIZE));
        }
        if (op != ASK && op != CLEAR) {
            throw r.malformed("op " + op + ", expected 0, 1 or 2");
        }
        return new SipPassword(number, op);
    }

    int bodyLength() {
        return Numbers.encodedLength(number) + 1 + (op == SET ? 1 + realm.length() + HA1_SIZE : 0);
    }

    void writeBody(Writer w) {
        w.number(number);
        w.u8(op);
        if (op == SET) {
            w.text(realm);
            w.raw(ha1);
        }
    }

    void describe(StringBuffer sb) {
        sb.append(" number=").append(number).append(" op=")
            .append(op == ASK ? "ASK" : op == SET ? "SET realm=" + realm : "CLEAR");
    }
}
