package org.pippin.relay;

/** One side of a call: the phone's session (which moves when the phone re-registers elsewhere) and its channel. */
final class Leg {

    final Call call;
    final String number;
    Session session;
    int channel;
    Leg peer;
    /** Voice packets this leg sent that were forwarded to the peer. */
    long packetsSent;

    Leg(Call call, String number, Session session) {
        this.call = call;
        this.number = number;
        this.session = session;
    }
}
