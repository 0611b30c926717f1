package org.pippin.protocol;

/**
 * Bytes that are not a valid Pippin frame. {@link #code()} is the {@code Wire.ERR_*} code to answer with in an ERROR
 * frame; the message says what was wrong in the words of PROTOCOL.md.
 */
public class ProtocolException extends Exception {
    private final int code;

    public ProtocolException(int code, String message) {
        super(message);
        this.code = code;
    }

    /** The {@code Wire.ERR_*} code. */
    public int code() {
        return code;
    }

    public String toString() {
        return Wire.errorName(code) + ": " + getMessage();
    }
}
