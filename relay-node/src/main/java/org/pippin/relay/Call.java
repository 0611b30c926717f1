package org.pippin.relay;

import org.pippin.identity.KeyShare;

/** A call between two attached phones, from INVITE until BYE, REJECT or a timeout. */
final class Call {

    final int id;
    final Leg caller;
    /** The callee's leg; for a forked call, a stand-in without a session until a leg answers and takes its place. */
    Leg callee;
    /** The legs ringing for the callee's linked numbers, or null for a call to one phone. */
    Fork fork;
    /** Codecs both phones support (the INVITE's mask and the callee's registered mask). */
    final int codecMask;
    final int ptimeMs;
    final long startedMillis;
    /** The caller offered a key share: if the callee answers with one too, voice is sealed end to end. */
    boolean callerKeyShare;
    /** The caller's KEY_SHARE as the relay checked it (a phone logged in with keys), or null. */
    KeyShare callerShare;
    /** The caller hides its number: the callee is shown none. */
    boolean anonymous;
    /** Uplink this call takes at this relay, in kbit/s (counted against uplink.kbps in a network of relays). */
    int uplinkKbps;
    boolean answered;
    /** Voice packets carry {@link org.pippin.protocol.Wire#VOICE_TAG} bytes after the codec frames. */
    boolean sealed;
    int codec = -1;
    long answeredMillis;
    long lastVoiceMillis;
    /** Set when the relay answered for the callee's voicemail; the callee leg then has no session. */
    org.pippin.relay.voicemail.Recording recording;
    /** Voicemail could not take this call at the ring timeout (full, no codec): let it ring on. */
    boolean voicemailRefused;

    Call(int id, String callerNumber, Session callerSession, String calleeNumber, Session calleeSession,
            int codecMask, int ptimeMs, long now) {
        this.id = id;
        this.codecMask = codecMask;
        this.ptimeMs = ptimeMs;
        this.startedMillis = now;
        this.caller = new Leg(this, callerNumber, callerSession);
        this.callee = new Leg(this, calleeNumber, calleeSession);
        caller.peer = callee;
        callee.peer = caller;
    }

    /** The call id as the logs and the phones print it: 8 hex digits. */
    static String hex(int callId) {
        return String.format("%08x", callId);
    }

    /** Log prefix: {@code call 0badcafe 555 -> 777}. */
    @Override
    public String toString() {
        return "call " + hex(id) + " " + caller.number + (anonymous ? " (anonymous)" : "") + " -> " + callee.number;
    }
}
