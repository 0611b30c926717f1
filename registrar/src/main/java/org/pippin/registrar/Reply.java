package org.pippin.registrar;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import org.pippin.identity.IdentityException;
import org.pippin.identity.RegistrarRecord;

/**
 * The registrar's answer: an {@link Outcome} and, for GRANTED and OWNED, the registrar-signed record (for a block
 * list lookup, the owner-signed list), QUARANTINED (the signed quarantine record) and OK for a login (the renewed
 * record).
 */
public final class Reply {

    public final Outcome outcome;
    /** Why a request was refused, in the decoder's or the registry's words; empty when there is nothing to add. */
    public final String detail;
    private final byte[] record;

    private Reply(Outcome outcome, byte[] record, String detail) {
        this.outcome = outcome;
        this.record = record;
        this.detail = detail;
    }

    static Reply of(Outcome outcome) {
        return of(outcome, "");
    }

    static Reply of(Outcome outcome, String detail) {
        return new Reply(outcome, new byte[0], detail);
    }

    /** The signed record bytes as the registrar sent them (empty when the outcome carries none). */
    public byte[] record() {
        return record.clone();
    }

    /**
     * The registrar record this reply carries (GRANTED, OWNED, QUARANTINED, and OK for releases and logins), decoded
     * but not verified: relays verify it with a {@link RecordCache}.
     *
     * @throws IdentityException if the reply carries no registrar record
     */
    public RegistrarRecord registrarRecord() throws IdentityException {
        return RegistrarRecord.decode(record, 0, record.length);
    }

    static Reply decode(byte[] b) {
        if (b.length < 4) {
            return of(Outcome.FAILED, "reply of " + b.length + " bytes");
        }
        Outcome o = Outcome.of(b[0] & 0xFF);
        int len = (b[1] & 0xFF) << 8 | b[2] & 0xFF;
        if (o == null || 4 + len > b.length || 4 + len + (b[3 + len] & 0xFF) != b.length) {
            return of(Outcome.FAILED, "undecodable reply");
        }
        return new Reply(o, Arrays.copyOfRange(b, 3, 3 + len),
                new String(b, 4 + len, b.length - 4 - len, StandardCharsets.US_ASCII));
    }

    @Override
    public String toString() {
        return outcome + (record.length > 0 ? " (" + record.length + "-byte record)" : "")
                + (detail.isEmpty() ? "" : ": " + detail);
    }
}
