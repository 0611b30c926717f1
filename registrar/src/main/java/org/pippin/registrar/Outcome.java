package org.pippin.registrar;

/** What the registrar decided about one request; the code travels in replies. */
public enum Outcome {
    /** The claim committed: the caller owns the number; the reply carries the signed record. */
    GRANTED(1),
    /** Someone else owns the number. */
    TAKEN(2),
    /** The number was released recently and is out of service until its quarantine ends. */
    QUARANTINED(3),
    /** The number lies in a reserved range of the numbering plan. */
    RESERVED(4),
    /** The number does not fit the numbering plan (wrong length, not digits). */
    NOT_IN_PLAN(5),
    /** The signature does not verify against the key the record names. */
    BAD_SIGNATURE(6),
    /** The proof-of-work stamp has fewer leading zero bits than the network's difficulty. */
    TOO_LITTLE_WORK(7),
    /** The request could not be decoded. */
    MALFORMED(8),
    /** The request is longer than the registrar accepts. */
    TOO_LARGE(9),
    /** The record is signed by a key that does not own the number. */
    NOT_OWNER(10),
    /** The record's time is outside the network's clock window, or older than the owner's newest record. */
    STALE(11),
    /** A random claim found no free number. */
    NO_FREE_NUMBER(12),
    /** A release, login or block list was applied. */
    OK(13),
    /** Lookup: the number is owned; the reply carries the signed record. */
    OWNED(14),
    /** Lookup: nobody owns the number and it may be claimed. */
    FREE(15),
    /** The group did not answer in time (no leader, no majority): nothing is known to have happened. */
    FAILED(16),
    /** Lookup of a block list that the owner never set. */
    NOT_FOUND(17),
    /**
     * The same signed record was applied before (a claim's key and nonce, a block list's sequence); nothing changed.
     * A resent claim whose key still owns the number it got carries the signed record, so the phone learns it owns it.
     */
    REPLAYED(18);

    public final int code;

    Outcome(int code) {
        this.code = code;
    }

    static Outcome of(int code) {
        for (Outcome o : values()) {
            if (o.code == code) {
                return o;
            }
        }
        return null;
    }
}
