package org.pippin.relay.dht;

/** A value read from the DHT that is not a valid Pippin record: malformed, badly signed, foreign or expired. */
public final class RecordException extends Exception {
    private static final long serialVersionUID = 1L;

    /** True when the record was valid but is past its expiry: stale, not forged. */
    public final boolean expired;

    public RecordException(String message) {
        this(message, false);
    }

    public RecordException(String message, boolean expired) {
        super(message);
        this.expired = expired;
    }
}
