package org.pippin.identity;

/**
 * Record types, the format version and the domain-separation tags of signed records.
 *
 * <p>Every record starts with a type byte and a version byte. A signature covers the record's domain tag (ASCII, no
 * zero byte), one zero byte, then every record byte before the signature, type and version included, so a signature
 * made for one kind of record can never be taken for another.
 */
public final class Records {
    /** Format version of every record in this package. */
    public static final int VERSION = 1;

    public static final int CLAIM = 0x01;
    public static final int RELEASE = 0x02;
    public static final int BLOCK_LIST = 0x03;
    public static final int LOGIN_PROOF = 0x04;
    public static final int CALLER_ID = 0x05;
    public static final int REGISTRAR_RECORD = 0x06;
    public static final int KEY_SHARE = 0x07;
    /** Numbered in the voicemail frames' range (0x30-) so record types of other features never collide. */
    public static final int VOICEMAIL_SETTINGS = 0x30;
    /** Numbered in the linked numbers' frame range (0x40-). */
    public static final int LINKED_NUMBERS = 0x40;
    public static final int LINK_CHECK = 0x41;

    /** Seconds since 1970 fit an unsigned 32-bit field until 2106. */
    public static final long MAX_TIME = 0xFFFFFFFFL;

    private Records() {
    }

    /** The record's name for logs and errors, e.g. {@code CLAIM} or {@code TYPE_0x2a}. */
    public static String name(int type) {
        switch (type) {
            case CLAIM:
                return "CLAIM";
            case RELEASE:
                return "RELEASE";
            case BLOCK_LIST:
                return "BLOCK_LIST";
            case LOGIN_PROOF:
                return "LOGIN_PROOF";
            case CALLER_ID:
                return "CALLER_ID";
            case REGISTRAR_RECORD:
                return "REGISTRAR_RECORD";
            case KEY_SHARE:
                return "KEY_SHARE";
            case VOICEMAIL_SETTINGS:
                return "VOICEMAIL_SETTINGS";
            case LINKED_NUMBERS:
                return "LINKED_NUMBERS";
            case LINK_CHECK:
                return "LINK_CHECK";
            default:
                return "TYPE_0x" + Integer.toHexString(type);
        }
    }

    /** The domain-separation tag signed in front of a record of {@code type}. */
    static String domain(int type) {
        switch (type) {
            case CLAIM:
                return "pippin claim v1";
            case RELEASE:
                return "pippin release v1";
            case BLOCK_LIST:
                return "pippin block list v1";
            case LOGIN_PROOF:
                return "pippin login v1";
            case CALLER_ID:
                return "pippin caller id v1";
            case REGISTRAR_RECORD:
                return "pippin registrar record v1";
            case KEY_SHARE:
                return "pippin key share v1";
            case VOICEMAIL_SETTINGS:
                return "pippin voicemail settings v1";
            case LINKED_NUMBERS:
                return "pippin linked numbers v1";
            case LINK_CHECK:
                return "pippin link check v1";
            default:
                throw new IllegalArgumentException("no domain for type " + type);
        }
    }

    /**
     * The type byte of the record at {@code buf[off]}, to pick a decoder.
     *
     * @throws IdentityException if the buffer is empty
     */
    public static int peekType(byte[] buf, int off, int len) throws IdentityException {
        if (len < 1) {
            throw new IdentityException("record truncated at type");
        }
        return buf[off] & 0xFF;
    }

    static long checkTime(long seconds, String field) {
        if (seconds < 0 || seconds > MAX_TIME) {
            throw new IllegalArgumentException(field + " " + seconds + " not in 0.." + MAX_TIME + " seconds");
        }
        return seconds;
    }

    static String checkNumber(String number, String field, boolean mayBeEmpty) {
        if (!org.pippin.protocol.Numbers.isValid(number)) {
            throw new IllegalArgumentException(field + " is not a phone number: " + number);
        }
        if (!mayBeEmpty && number.length() == 0) {
            throw new IllegalArgumentException(field + " is empty");
        }
        return number;
    }

    static byte[] checkKey(byte[] key, String field) {
        if (key == null || key.length != IdentityKey.PUBLIC_KEY_SIZE) {
            throw new IllegalArgumentException(field + " must be " + IdentityKey.PUBLIC_KEY_SIZE + " bytes");
        }
        return copy(key);
    }

    static byte[] copy(byte[] b) {
        byte[] c = new byte[b.length];
        System.arraycopy(b, 0, c, 0, b.length);
        return c;
    }

    static boolean equal(byte[] a, byte[] b) {
        if (a == null || b == null || a.length != b.length) {
            return false;
        }
        int diff = 0;
        for (int i = 0; i < a.length; i++) {
            diff |= a[i] ^ b[i];
        }
        return diff == 0;
    }
}
