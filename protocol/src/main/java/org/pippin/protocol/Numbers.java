package org.pippin.protocol;

/**
 * Phone numbers on the wire: packed BCD. One byte with the digit count (0 to 20), then the digits two per byte, high
 * nibble first, the last byte padded with 0xF. Nibbles 0-9 are digits, 0xA is '+', 0xB '*', 0xC '#'.
 *
 * <pre>
 *  "96512345":  08 96 51 23 45
 *  "123":       03 12 3F
 *  "":          00
 * </pre>
 */
public final class Numbers {
    private static final String SYMBOLS = "0123456789+*#";
    private static final int PAD = 0xF;

    private Numbers() {
    }

    /** Whether {@code number} can be sent: at most 20 characters, each a digit, '+', '*' or '#'. */
    public static boolean isValid(String number) {
        if (number == null || number.length() > Wire.MAX_NUMBER_DIGITS) {
            return false;
        }
        for (int i = 0; i < number.length(); i++) {
            if (SYMBOLS.indexOf(number.charAt(i)) < 0) {
                return false;
            }
        }
        return true;
    }

    /** Bytes {@link #encode} writes for {@code number}. */
    public static int encodedLength(String number) {
        check(number);
        return 1 + (number.length() + 1) / 2;
    }

    /**
     * Writes {@code number} at {@code out[off]} and returns the bytes written.
     *
     * @throws IllegalArgumentException if the number is not {@link #isValid valid} or does not fit
     */
    public static int encode(String number, byte[] out, int off) {
        int len = encodedLength(number);
        if (off < 0 || off > out.length - len) {
            throw new IllegalArgumentException("number needs " + len + " bytes at " + off + ", buffer has "
                + out.length);
        }
        int digits = number.length();
        out[off] = (byte) digits;
        for (int i = 0; i < digits; i += 2) {
            int high = SYMBOLS.indexOf(number.charAt(i));
            int low = i + 1 < digits ? SYMBOLS.indexOf(number.charAt(i + 1)) : PAD;
            out[off + 1 + i / 2] = (byte) (high << 4 | low);
        }
        return len;
    }

    /** The character a nibble stands for, or 0 if it is not a digit, '+', '*' or '#'. */
    static char symbol(int nibble) {
        return nibble < SYMBOLS.length() ? SYMBOLS.charAt(nibble) : 0;
    }

    static void check(String number) {
        if (!isValid(number)) {
            throw new IllegalArgumentException("not a phone number: " + (number == null ? "null" : "\"" + number
                + "\""));
        }
    }
}
