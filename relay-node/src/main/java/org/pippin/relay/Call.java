package org.pippin.relay;

/** A call between two attached phones, from INVITE until BYE, REJECT or a timeout. */
final class Call {

    final int id;
    final Leg caller;
    final Leg callee;
    /** Codecs both phones support (the INVITE's mask and the callee's registered mask). */
    final int codecMask;
    final int ptimeMs;
    final long startedMillis;
    boolean answered;
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
        return "call " + hex(id) + " " + caller.number + " -> " + callee.number;
    }
}
