package org.pippin.relay;

import java.util.ArrayList;
import java.util.List;
import org.pippin.protocol.Dtmf;

/** One side of a call: the phone's session (which moves when the phone re-registers elsewhere) and its channel. */
final class Leg {

    final Call call;
    final String number;
    Session session;
    int channel;
    /** On a relay link: the channel the other relay gave this call (voice to it is sent on that); -1 otherwise. */
    int remoteChannel = -1;
    Leg peer;
    /** Voice packets this leg sent that were forwarded to the peer. */
    long packetsSent;
    /** While the UDP threads forward this leg's voice themselves: the route they use (see {@link VoiceRoutes}). */
    VoiceRoutes.Route route;

    /** Keys a ringing callee leg may send before its ANSWER reaches the relay; more are dropped. */
    static final int MAX_KEYS_BEFORE_ANSWER = 8;
    /**
     * DTMF this callee leg sent before the relay had its ANSWER, in order, null when none: a phone presses keys only
     * once it has answered, so these overtook the ANSWER (a lost ANSWER's retransmission arrives after them).
     */
    private List<Dtmf> keysBeforeAnswer;

    /** Holds {@code d} until this leg's ANSWER; false when {@link #MAX_KEYS_BEFORE_ANSWER} are held already. */
    boolean holdKey(Dtmf d) {
        if (keysBeforeAnswer == null) {
            keysBeforeAnswer = new ArrayList<>(2);
        }
        if (keysBeforeAnswer.size() >= MAX_KEYS_BEFORE_ANSWER) {
            return false;
        }
        keysBeforeAnswer.add(d);
        return true;
    }

    /** The held keys, in the order they came, now given up by the leg; empty when none. */
    List<Dtmf> takeHeldKeys() {
        List<Dtmf> keys = keysBeforeAnswer == null ? List.of() : keysBeforeAnswer;
        keysBeforeAnswer = null;
        return keys;
    }

    /** The channel voice to this leg carries: its own, or the other relay's for a leg on a relay link. */
    int outChannel() {
        return remoteChannel >= 0 ? remoteChannel : channel;
    }

    Leg(Call call, String number, Session session) {
        this.call = call;
        this.number = number;
        this.session = session;
    }
}
