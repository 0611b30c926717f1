package org.pippin.relay.callerid;

import java.util.Arrays;
import java.util.Map;
import org.pippin.identity.CallerIdProof;
import org.pippin.identity.IdentityException;
import org.pippin.identity.KeyShare;
import org.pippin.protocol.Invite;
import org.pippin.protocol.Wire;
import org.pippin.registrar.WallClock;

/**
 * The callee's relay's checks of who calls: an INVITE from a phone logged in with keys must carry a CALLER_ID proof
 * for one of that phone's numbers, signed by the key that owns it, for this callee, stamped within the clock window
 * and with a nonce not used before (or an anonymous caller's statement), and its KEY_SHARE must be signed for the same
 * call by the same key. The callee's KEY_SHARE in ANSWER must be signed by the key that owns the callee's number.
 * The owners' keys come from the logins ({@code LoginProof} checked against the registrar's record), so no relay and
 * no phone can show a number it does not own. Cheap checks first, signatures last. Not thread-safe: runs on the loop.
 */
public final class CallerIdCheck {

    /** A check's decision: {@code reason} 0 when accepted, else the REJECT reason, with {@code why} for the log. */
    public record Verdict(int reason, String why, String caller, KeyShare share) {

        public boolean accepted() {
            return reason == 0;
        }
    }

    private final CallerIdConfig config;
    private final WallClock clock;
    private final NonceCache nonces;

    public CallerIdCheck(CallerIdConfig config, WallClock clock) {
        this.config = config;
        this.clock = clock;
        this.nonces = new NonceCache(config.nonces, config.noncesPerCaller, config.windowSeconds, clock);
    }

    /**
     * The caller's side of an INVITE from a phone logged in with keys.
     *
     * @param sessionNumber the phone's first number: its anonymous calls count against it
     * @param ownerKeys the numbers logged in on the phone's session and the keys that own them
     * @return if accepted, the caller number to show the callee ("" for an anonymous caller) and the caller's
     *     KEY_SHARE (null when the INVITE has none)
     */
    public Verdict checkInvite(Invite inv, String sessionNumber, Map<String, byte[]> ownerKeys) {
        byte[] b = inv.proof();
        if (b.length == 0) {
            return callerId("no CALLER_ID proof");
        }
        CallerIdProof proof;
        try {
            proof = CallerIdProof.decode(b, 0, b.length);
        } catch (IdentityException e) {
            return callerId(e.getMessage());
        }
        byte[] ownerKey = null;
        if (proof.isAnonymous()) {
            if (!inv.caller.isEmpty()) {
                return callerId("INVITE names caller " + inv.caller + " but its proof is anonymous");
            }
        } else {
            if (!inv.caller.equals(proof.caller)) {
                return callerId("INVITE names caller " + (inv.caller.isEmpty() ? "none" : inv.caller)
                        + ", its proof " + proof.caller);
            }
            ownerKey = ownerKeys.get(proof.caller);
            if (ownerKey == null) {
                return callerId("caller " + proof.caller + " is not logged in on this session");
            }
        }
        if (!proof.callee.equals(inv.callee)) {
            return callerId("proof is for callee " + proof.callee + ", the INVITE calls " + inv.callee);
        }
        String late = outsideWindow("proof", proof.time);
        if (late != null) {
            return callerId(late);
        }
        if (ownerKey != null && !proof.verify(ownerKey)) {
            return callerId("proof not signed by the key that owns " + proof.caller);
        }
        KeyShare share = null;
        if (inv.keyShareLength() > 0) {
            byte[] s = inv.keyShare();
            try {
                share = KeyShare.decode(s, 0, s.length);
            } catch (IdentityException e) {
                return keyShare(e.getMessage());
            }
            String bad = callerShareFault(share, proof, ownerKey);
            if (bad != null) {
                return keyShare(bad);
            }
        }
        String accountable = proof.isAnonymous() ? sessionNumber : proof.caller;
        switch (nonces.add(accountable, proof.nonce())) {
            case REPLAYED:
                return callerId("nonce already used by " + accountable + " within the window");
            case CALLER_FULL:
                return new Verdict(Wire.REJECT_RELAY_FULL, accountable + " started " + config.noncesPerCaller
                        + " calls within " + 2 * config.windowSeconds + " s", null, null);
            case FULL:
                return new Verdict(Wire.REJECT_RELAY_FULL, "memory of " + config.nonces + " nonces full", null, null);
            default:
                return new Verdict(0, "", proof.caller, share);
        }
    }

    /**
     * The callee's KEY_SHARE in ANSWER, from a phone logged in with keys.
     *
     * @param callee the called number; @param calleeKey the key that owns it
     * @param callerShare the caller's share as checked by {@link #checkInvite}, or null if the caller sent none or
     *     registered with a device secret (then the relay cannot say which call the share belongs to beyond the callee)
     */
    public Verdict checkAnswer(byte[] share, String callee, byte[] calleeKey, KeyShare callerShare) {
        KeyShare s;
        try {
            s = KeyShare.decode(share, 0, share.length);
        } catch (IdentityException e) {
            return keyShare(e.getMessage());
        }
        if (s.role != KeyShare.CALLEE) {
            return keyShare("KEY_SHARE in ANSWER is the caller's");
        }
        if (!s.callee.equals(callee) || callerShare != null && !s.sameCall(callerShare)) {
            return keyShare("KEY_SHARE is for another call");
        }
        String late = outsideWindow("KEY_SHARE", s.time);
        if (late != null) {
            return keyShare(late);
        }
        if (!s.verify(calleeKey)) {
            return keyShare("KEY_SHARE not signed by the key that owns " + callee);
        }
        return new Verdict(0, "", s.caller, s);
    }

    /** The relay's wall clock in seconds since 1970, as phones learn it from REGISTERED. */
    public long nowSeconds() {
        return clock.epochMillis() / 1000;
    }

    private String callerShareFault(KeyShare share, CallerIdProof proof, byte[] ownerKey) {
        if (share.role != KeyShare.CALLER) {
            return "KEY_SHARE in INVITE is the callee's";
        }
        if (share.isAnonymous() != proof.isAnonymous()) {
            return proof.isAnonymous() ? "KEY_SHARE names a caller in an anonymous call"
                    : "KEY_SHARE is anonymous but the caller is named";
        }
        if (!share.caller.equals(proof.caller) || !share.callee.equals(proof.callee)
                || !Arrays.equals(share.callNonce(), proof.nonce())) {
            return "KEY_SHARE is for another call";
        }
        String late = outsideWindow("KEY_SHARE", share.time);
        if (late != null) {
            return late;
        }
        if (ownerKey != null && !share.verify(ownerKey)) {
            return "KEY_SHARE not signed by the key that owns " + proof.caller;
        }
        return null;
    }

    private String outsideWindow(String what, long time) {
        long diff = time - nowSeconds();
        if (Math.abs(diff) <= config.windowSeconds) {
            return null;
        }
        return what + " time " + time + " is " + Math.abs(diff) + " s " + (diff < 0 ? "behind" : "ahead of")
                + " the relay's clock (window " + config.windowSeconds + " s)";
    }

    private static Verdict callerId(String why) {
        return new Verdict(Wire.REJECT_CALLER_ID_INVALID, why, null, null);
    }

    private static Verdict keyShare(String why) {
        return new Verdict(Wire.REJECT_KEY_SHARE_INVALID, why, null, null);
    }
}
