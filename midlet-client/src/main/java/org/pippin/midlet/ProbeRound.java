package org.pippin.midlet;

import java.io.IOException;

import org.pippin.protocol.FrameCodec;
import org.pippin.protocol.Probe;
import org.pippin.protocol.ProbeReply;

/**
 * One round of PROBEs to a few relays at once, each over a UDP transport of its own, to pick the quickest relay with
 * room for a call. The engine owns it and calls it under its lock; receive threads feed it replies. A PROBE lost on
 * the way is sent once more after {@link #RESEND_MS}; the round ends when every relay answered or at
 * {@link #WAIT_MS}, and what answered by then is ranked.
 */
final class ProbeRound {

    /** Relays probed at once: enough for a good choice, few enough for a phone's sockets and threads. */
    static final int MAX_PROBED = 4;
    static final int RESEND_MS = 1000;
    /** GPRS round trips reach a second or more: a relay slower than this is no good choice anyway. */
    static final int WAIT_MS = 3000;
    /** Spare uplink (kbit/s) a relay needs for one more call: GSM at 100 ms both ways with headers, rounded up. */
    static final int CALL_KBPS = 32;

    final String[] addresses;
    final Transport[] transports;
    private final byte[][] nonces;
    private final long[] sentAt;
    private final long[] rttMs;
    private final long[] spare;
    private final int[] free;
    /** Only to find a fallback while attached: the round's result does not move the phone. */
    final boolean background;
    final long resendAt;
    final long deadline;
    private final Log log;
    private boolean resent;
    private int answered;

    ProbeRound(String[] addresses, Transport[] transports, byte[][] nonces, long now, boolean background, Log log) {
        this.log = log;
        this.addresses = addresses;
        this.transports = transports;
        this.nonces = nonces;
        this.background = background;
        int n = addresses.length;
        sentAt = new long[n];
        rttMs = new long[n];
        spare = new long[n];
        free = new int[n];
        for (int i = 0; i < n; i++) {
            rttMs[i] = -1;
        }
        resendAt = now + RESEND_MS;
        deadline = now + WAIT_MS;
    }

    /** Sends the PROBEs (again, to those that have not answered); a relay whose send fails is left out. */
    void send(long now) {
        for (int i = 0; i < transports.length; i++) {
            if (transports[i] == null || rttMs[i] >= 0) {
                continue;
            }
            byte[] b = FrameCodec.encode(Probe.padded(nonces[i]));
            try {
                transports[i].send(b, 0, b.length);
                if (sentAt[i] == 0) {
                    sentAt[i] = now;
                }
            } catch (IOException e) {
                log.info("probe to " + addresses[i] + " not sent: " + e.getMessage());
                close(i);
            }
        }
    }

    /** Due PROBE resend; returns true if it sent. */
    boolean resendIfDue(long now) {
        if (resent || now < resendAt) {
            return false;
        }
        resent = true;
        send(now);
        return true;
    }

    /**
     * A reply on {@code t}; returns its index, or -1 if it is no answer to this round's PROBE on that transport.
     * The round trip counts from the first PROBE: a resend answered is a slow relay, not a quick one.
     */
    int onReply(Transport t, ProbeReply r, long now) {
        for (int i = 0; i < transports.length; i++) {
            if (transports[i] == t && rttMs[i] < 0 && r.answers(nonces[i])) {
                rttMs[i] = now - sentAt[i];
                spare[i] = r.spareKbps;
                free[i] = r.freePhones;
                answered++;
                return i;
            }
        }
        return -1;
    }

    /** The relay {@code t} probes, or null if it is none of this round's open transports. */
    String addressOf(Transport t) {
        for (int i = 0; i < transports.length; i++) {
            if (transports[i] == t) {
                return addresses[i];
            }
        }
        return null;
    }

    boolean allAnswered() {
        for (int i = 0; i < transports.length; i++) {
            if (transports[i] != null && rttMs[i] < 0) {
                return false;
            }
        }
        return true;
    }

    int answered() {
        return answered;
    }

    long rtt(int i) {
        return rttMs[i];
    }

    long spare(int i) {
        return spare[i];
    }

    int free(int i) {
        return free[i];
    }

    /** Whether relay {@code i} answered and has room for a phone and a call. */
    boolean hasRoom(int i) {
        return rttMs[i] >= 0 && free[i] > 0 && spare[i] >= CALL_KBPS;
    }

    /** The relays that answered with room, quickest first (ties: more spare uplink first). */
    String[] ranked() {
        int n = 0;
        int[] order = new int[addresses.length];
        for (int i = 0; i < addresses.length; i++) {
            if (hasRoom(i)) {
                int j = n++;
                while (j > 0 && better(i, order[j - 1])) {
                    order[j] = order[j - 1];
                    j--;
                }
                order[j] = i;
            }
        }
        String[] out = new String[n];
        for (int k = 0; k < n; k++) {
            out[k] = addresses[order[k]];
        }
        return out;
    }

    private boolean better(int a, int b) {
        return rttMs[a] < rttMs[b] || rttMs[a] == rttMs[b] && spare[a] > spare[b];
    }

    /** Closes every transport of the round; their receive threads then end. */
    void close() {
        for (int i = 0; i < transports.length; i++) {
            close(i);
        }
    }

    private void close(int i) {
        Transport t = transports[i];
        if (t != null) {
            transports[i] = null;
            try {
                t.close();
            } catch (IOException e) {
                log.info("closing the probe to " + addresses[i] + " failed: " + e.getMessage());
            }
        }
    }
}
