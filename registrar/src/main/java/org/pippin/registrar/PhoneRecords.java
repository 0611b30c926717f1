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
        if (body.length > Claim.MAX_LENGTH) {
            return tooLarge("CLAIM", body.length, Claim.MAX_LENGTH);
        }
        Claim c;
        try {
            c = Claim.decode(body, 0, body.length);
        } catch (IdentityException e) {
            return Checked.refused(Outcome.MALFORMED, e.getMessage());
        }
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
        if (body.length > Release.MAX_LENGTH) {
            return tooLarge("RELEASE", body.length, Release.MAX_LENGTH);
        }
        Release r;
        try {
            r = Release.decode(body, 0, body.length);
        } catch (IdentityException e) {
            return Checked.refused(Outcome.MALFORMED, e.getMessage());
        }
        if (!r.verify()) {
            return Checked.refused(Outcome.BAD_SIGNATURE, "RELEASE signature does not verify");
        }
        return fresh("RELEASE", r.time, settings, nowMillis, r);
    }

    static Checked<LoginProof> login(byte[] body, NetworkSettings settings, long nowMillis) {
        if (body.length > LoginProof.MAX_LENGTH) {
            return tooLarge("LOGIN_PROOF", body.length, LoginProof.MAX_LENGTH);
        }
        LoginProof l;
        try {
            l = LoginProof.decode(body, 0, body.length);
        } catch (IdentityException e) {
            return Checked.refused(Outcome.MALFORMED, e.getMessage());
        }
        // The relay checked the challenge it issued; here the proof only has to be the owner's and recent.
        if (!l.verify(l.challenge(), l.publicKey())) {
            return Checked.refused(Outcome.BAD_SIGNATURE, "LOGIN_PROOF signature does not verify");
        }
        return fresh("LOGIN_PROOF", l.time, settings, nowMillis, l);
    }

    static Checked<BlockList> blockList(byte[] body) {
        if (body.length > BlockList.MAX_LENGTH) {
            return tooLarge("BLOCK_LIST", body.length, BlockList.MAX_LENGTH);
        }
        BlockList b;
        try {
            b = BlockList.decode(body, 0, body.length);
        } catch (IdentityException e) {
            return Checked.refused(Outcome.MALFORMED, e.getMessage());
        }
        if (!b.verify(b.ownerKey())) {
            return Checked.refused(Outcome.BAD_SIGNATURE, "BLOCK_LIST signature does not verify");
        }
        return Checked.ok(b);
    }

    static Checked<LinkedNumbers> links(byte[] body) {
        if (body.length > LinkedNumbers.MAX_LENGTH) {
            return tooLarge("LINKED_NUMBERS", body.length, LinkedNumbers.MAX_LENGTH);
        }
        LinkedNumbers l;
        try {
            l = LinkedNumbers.decode(body, 0, body.length);
        } catch (IdentityException e) {
            return Checked.refused(Outcome.MALFORMED, e.getMessage());
        }
        if (!l.verify(l.ownerKey())) {
            return Checked.refused(Outcome.BAD_SIGNATURE, "LINKED_NUMBERS signature does not verify");
        }
        return Checked.ok(l);
    }

    /** A LINK_CHECK carrying the code a relay matched: the owner's, recent, with a code. */
    static Checked<LinkCheck> linkVerified(byte[] body, NetworkSettings settings, long nowMillis) {
        if (body.length > LinkCheck.MAX_LENGTH) {
            return tooLarge("LINK_CHECK", body.length, LinkCheck.MAX_LENGTH);
        }
        LinkCheck c;
        try {
            c = LinkCheck.decode(body, 0, body.length);
        } catch (IdentityException e) {
            return Checked.refused(Outcome.MALFORMED, e.getMessage());
        }
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

    private static <T> Checked<T> tooLarge(String name, int length, int max) {
        return Checked.refused(Outcome.TOO_LARGE, name + " of " + length + " bytes, at most " + max);
    }
}
