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
    /** Uplink this call takes at this relay, in kbit/s (counted against uplink.kbps in a network of relays). */
    int uplinkKbps;
    boolean answered;
    int codec = -1;
    long answeredMillis;
    long lastVoiceMillis;

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
