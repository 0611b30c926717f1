package org.pippin.relay;

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
