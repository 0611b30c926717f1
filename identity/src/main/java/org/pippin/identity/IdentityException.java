package org.pippin.identity;

/** Bytes that are not a valid identity record or key; the message names the record and the field. */
public class IdentityException extends Exception {
    public IdentityException(String message) {
        super(message);
    }
}
