package org.pippin.sip;

import org.pippin.protocol.Frame;

/**
 * What the SIP side needs of the relay: a line per SIP-registered number, on which that number appears to the relay's
 * call routing as one more phone. Frames are the protocol's own (INVITE, RINGING, ANSWER, REJECT, BYE), voice packets
 * the protocol's voice packets, so the relay routes SIP legs exactly like a phone's. Everything here, and every
 * {@link Line.Listener} call, runs on the relay's event loop.
 */
public interface PippinSide {

    /**
     * Attaches {@code number} (whose owner the SIP side authenticated) as a phone of the relay supporting
     * {@code codecMask}. Like a phone's REGISTER, it takes the number over from any session holding it.
     *
     * @return the line, or null when the relay takes no more phones
     */
    Line attach(String number, int codecMask, Line.Listener listener);

    /**
     * Lets the SIP side carry calls to external numbers the dial plan allows: when a phone calls one, the relay first
     * asks {@code opener}, which attaches a line for that number (through a trunk) and returns true, or returns false.
     */
    void onExternalCalls(java.util.function.Predicate<String> opener);

    /**
     * Lets the relay verify external numbers owners link: {@code caller} calls a number through the trunk showing a
     * code (see {@link CodeCaller}).
     */
    void onCodeCalls(CodeCaller caller);

    /** Places verification calls. */
    interface CodeCaller {

        /**
         * Calls external {@code number} showing {@code code}, cancelled if unanswered after {@code ringSeconds}.
         * False when the call cannot be placed (no trunk).
         */
        boolean call(String number, String code, int ringSeconds);
    }

    /** One attached number. */
    interface Line {

        /** A signalling frame from this number's "phone" (INVITE, RINGING, ANSWER, REJECT, BYE). */
        void send(Frame f);

        /** A voice packet (4-byte header, then codec frames) from this number's "phone"; copied. */
        void sendVoice(byte[] packet, int off, int len);

        /** Detaches the number; calls in progress end as if the phone were lost. */
        void detach();

        /**
         * What the relay says to one line. The relay calls it in the middle of handling a frame (a BYE it passes on
         * is delivered before the relay ends that call): a listener must not {@link Line#detach() detach} from inside
         * a call, or the relay takes the call it is ending for one whose phone was lost; it posts that to the loop.
         */
        interface Listener {

            /** A signalling frame for this number (the relay has filled in channels and the caller's number). */
            void onFrame(Frame f);

            /** A voice packet for this number's call; {@code packet} is valid only during the call. */
            void onVoice(byte[] packet, int off, int len);

            /** The relay let the number go (another phone took it, or the relay stops). */
            void onDetached();
        }
    }
}
