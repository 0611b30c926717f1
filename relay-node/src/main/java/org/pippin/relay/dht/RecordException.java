package org.pippin.relay.dht;

/** A value read from the DHT that is not a valid Pippin record: malformed, badly signed, foreign or expired. */
public final class RecordException extends Exception {
    private static final long serialVersionUID = 1L;

    public RecordException(String message) {
        super(message);
    }
}
