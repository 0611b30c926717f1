package org.pippin.registrar;

import org.pippin.identity.BlockList;
import org.pippin.identity.Claim;
import org.pippin.identity.IdentityException;
import org.pippin.identity.LinkCheck;
import org.pippin.identity.LinkedNumbers;
import org.pippin.identity.LoginProof;
import org.pippin.identity.Release;

/**
 * The checks of a phone-signed record that need no registry state: size, form, proof of work, signature by the key
 * the record names, and time within the network's clock window of the entry's time. Cheap checks come first, so a
 * flood of junk costs a hash at most before the signature check. Ownership and replays are the registry's checks.
 */
final class PhoneRecords {

    /** A record that passed, or why it did not (with the decoder's words for malformed input). */
    static final class Checked<T> {
        final Outcome refusal;
        final String detail;
        final T value;

        private Checked(Outcome refusal, String detail, T value) {
            this.refusal = refusal;
            this.detail = detail;
            this.value = value;
        }

        static <T> Checked<T> ok(T value) {
            return new Checked<>(null, "", value);
        }

        static <T> Checked<T> refused(Outcome why, String detail) {
            return new Checked<>(why, detail, null);
        }
    }

    private PhoneRecords() {
    }

    static Checked<Claim> claim(byte[] body, NetworkSettings settings, long nowMillis) {
        Checked<Claim> decoded = decode("CLAIM", body, Claim.MAX_LENGTH, Claim::decode);
        if (decoded.value == null) {
            return decoded;
        }
        Claim c = decoded.value;
        if (c.difficulty < settings.difficulty) {
            return Checked.refused(Outcome.TOO_LITTLE_WORK, "CLAIM difficulty " + c.difficulty + ", network asks "
                    + settings.difficulty);
        }
        if (!c.verifyWork()) {
            return Checked.refused(Outcome.TOO_LITTLE_WORK, "CLAIM nonce does not meet difficulty " + c.difficulty);
        }
        if (!c.verifySignature(c.publicKey())) {
            return Checked.refused(Outcome.BAD_SIGNATURE, "CLAIM signature does not verify");
        }
        return fresh("CLAIM", c.time, settings, nowMillis, c);
    }

    static Checked<Release> release(byte[] body, NetworkSettings settings, long nowMillis) {
        Checked<Release> decoded = decode("RELEASE", body, Release.MAX_LENGTH, Release::decode);
        if (decoded.value == null) {
            return decoded;
        }
        Release r = decoded.value;
        if (!r.verify()) {
            return Checked.refused(Outcome.BAD_SIGNATURE, "RELEASE signature does not verify");
        }
        return fresh("RELEASE", r.time, settings, nowMillis, r);
    }

    static Checked<LoginProof> login(byte[] body, NetworkSettings settings, long nowMillis) {
        Checked<LoginProof> decoded = decode("LOGIN_PROOF", body, LoginProof.MAX_LENGTH, LoginProof::decode);
        if (decoded.value == null) {
            return decoded;
        }
        LoginProof l = decoded.value;
        // The relay checked the challenge it issued; here the proof only has to be the owner's and recent.
        if (!l.verify(l.challenge(), l.publicKey())) {
            return Checked.refused(Outcome.BAD_SIGNATURE, "LOGIN_PROOF signature does not verify");
        }
        return fresh("LOGIN_PROOF", l.time, settings, nowMillis, l);
    }

    static Checked<BlockList> blockList(byte[] body) {
        Checked<BlockList> decoded = decode("BLOCK_LIST", body, BlockList.MAX_LENGTH, BlockList::decode);
        if (decoded.value == null) {
            return decoded;
        }
        BlockList b = decoded.value;
        if (!b.verify(b.ownerKey())) {
            return Checked.refused(Outcome.BAD_SIGNATURE, "BLOCK_LIST signature does not verify");
        }
        return Checked.ok(b);
    }

    static Checked<LinkedNumbers> links(byte[] body) {
        Checked<LinkedNumbers> decoded = decode("LINKED_NUMBERS", body, LinkedNumbers.MAX_LENGTH,
                LinkedNumbers::decode);
        if (decoded.value == null) {
            return decoded;
        }
        LinkedNumbers l = decoded.value;
        if (!l.verify(l.ownerKey())) {
            return Checked.refused(Outcome.BAD_SIGNATURE, "LINKED_NUMBERS signature does not verify");
        }
        return Checked.ok(l);
    }

    /** A LINK_CHECK carrying the code a relay matched: the owner's, recent, with a code. */
    static Checked<LinkCheck> linkVerified(byte[] body, NetworkSettings settings, long nowMillis) {
        Checked<LinkCheck> decoded = decode("LINK_CHECK", body, LinkCheck.MAX_LENGTH, LinkCheck::decode);
        if (decoded.value == null) {
            return decoded;
        }
        LinkCheck c = decoded.value;
        if (c.code.length() == 0) {
            return Checked.refused(Outcome.MALFORMED, "LINK_CHECK without a code verifies nothing");
        }
        if (!c.verify(c.ownerKey())) {
            return Checked.refused(Outcome.BAD_SIGNATURE, "LINK_CHECK signature does not verify");
        }
        return fresh("LINK_CHECK", c.time, settings, nowMillis, c);
    }

    private static <T> Checked<T> fresh(String name, long seconds, NetworkSettings settings, long nowMillis,
            T record) {
        long skew = seconds * 1000 - nowMillis;
        if (Math.abs(skew) > settings.windowMillis()) {
            return Checked.refused(Outcome.STALE, name + " time " + seconds + " is " + Math.abs(skew / 1000) + " s "
                    + (skew < 0 ? "behind" : "ahead of") + " the registrar, window " + settings.windowSeconds + " s");
        }
        return Checked.ok(record);
    }

    /** How a record type reads itself from bytes. */
    private interface Decoder<T> {
        T decode(byte[] b, int off, int len) throws IdentityException;
    }

    /** The record {@code name} in {@code body}: TOO_LARGE beyond {@code max} bytes, MALFORMED if it does not read. */
    private static <T> Checked<T> decode(String name, byte[] body, int max, Decoder<T> decoder) {
        if (body.length > max) {
            return Checked.refused(Outcome.TOO_LARGE, name + " of " + body.length + " bytes, at most " + max);
        }
        try {
            return Checked.ok(decoder.decode(body, 0, body.length));
        } catch (IdentityException e) {
            return Checked.refused(Outcome.MALFORMED, e.getMessage());
        }
    }
}
