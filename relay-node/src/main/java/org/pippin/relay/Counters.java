package org.pippin.relay;

import java.util.Locale;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * What the relay forwarded and what it dropped, and why. Written by the event loop and the UDP sockets' threads (which
 * add their forwarded packets once per read batch), readable from any thread (tests, the shutdown summary), hence
 * atomics.
 */
public final class Counters {

    public enum Name {
        /** Voice packets sent on to the other leg. */
        VOICE_FORWARDED,
        /**
         * Of {@link #VOICE_FORWARDED}, those a UDP socket's thread sent on itself on a call's direct route, without the
         * event loop (an answered call between two UDP phones).
         */
        VOICE_FORWARDED_DIRECT,
        /** Voice packets for a channel that is not allocated. */
        VOICE_DROPPED_UNKNOWN_CHANNEL,
        /** Voice packets from an address or connection other than the leg's phone. */
        VOICE_DROPPED_WRONG_SOURCE,
        /** Voice packets for a call that has not been answered. */
        VOICE_DROPPED_NOT_ANSWERED,
        /** Voice packets whose payload is not a whole, non-zero number of codec frames. */
        VOICE_DROPPED_BAD_LENGTH,
        /** Voice packets dropped because the peer's TCP connection is backed up. */
        VOICE_DROPPED_CONGESTED,
        /** Datagrams or TCP frames that failed to decode. */
        MALFORMED,
        /** Signalling frames received and accepted. */
        SIGNALLING_RECEIVED,
        /** Calls set up (INVITE forwarded to the callee). */
        CALLS_STARTED,
        /** Calls answered. */
        CALLS_ANSWERED,
        /** Bytes of the voice packets sent on (header and payload, without IP/UDP or TCP framing). */
        VOICE_FORWARDED_BYTES,
        /** Successful REGISTERs (first ones and refreshes). */
        REGISTRATIONS,
        /** Datagrams and TCP connections refused because their source is outside the network's countries. */
        REGION_REFUSED,
        /**
         * Replies not sent (or held for a retransmission) because the address has not proved that it receives what
         * the relay sends, and they would have been larger than what came from it: no amplification.
         */
        UNPROVEN_REPLIES_HELD,
        /** INVITEs and ANSWERs refused for their caller id or key share, before anything rang or was answered. */
        CALLER_ID_REJECTED,
        /** CLAIMs refused by a per-address or per-key rate limit, never forwarded to the registrar. */
        CLAIMS_RATE_LIMITED,
        /** HELLOs, LOGINs and REGISTERs refused because their source address sent too many lately. */
        ATTACHES_RATE_LIMITED,
        /** INVITEs refused because their session or source address sent too many lately. */
        INVITES_RATE_LIMITED,
        /** Answers to addresses without a session not sent because the address was answered too often lately. */
        ANSWERS_RATE_LIMITED,
        /** Block lists replaced by a newer one from the registrar: their owner changed them through another relay. */
        BLOCK_LISTS_REFRESHED,
        /** Rounds started to make the second copy of a message kept here with one copy (on the retry timer). */
        VOICEMAIL_COPY_ROUNDS,
        /** Of those rounds, the ones no relay took the copy in (the next waits twice as long). */
        VOICEMAIL_COPY_ROUNDS_FAILED,
        /** Second copies made by such a round: messages no longer kept on this relay only. */
        VOICEMAIL_COPIES_LATER,
    }

    private final AtomicLongArray values = new AtomicLongArray(Name.values().length);

    void increment(Name name) {
        values.incrementAndGet(name.ordinal());
    }

    void add(Name name, long delta) {
        values.addAndGet(name.ordinal(), delta);
    }

    public long get(Name name) {
        return values.get(name.ordinal());
    }

    /** Sum of every VOICE_DROPPED_* counter. */
    public long voiceDropped() {
        long sum = 0;
        for (Name n : Name.values()) {
            if (n.name().startsWith("VOICE_DROPPED_")) {
                sum += get(n);
            }
        }
        return sum;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        for (Name n : Name.values()) {
            if (sb.length() > 0) {
                sb.append(' ');
            }
            sb.append(n.name().toLowerCase(Locale.ROOT)).append('=').append(get(n));
        }
        return sb.toString();
    }
}
