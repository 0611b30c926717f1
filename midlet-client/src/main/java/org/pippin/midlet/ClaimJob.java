package org.pippin.midlet;

import org.pippin.identity.Claim;
import org.pippin.identity.IdentityKey;
import org.pippin.identity.ProofOfWork;
import org.pippin.protocol.Clock;

/**
 * The proof of work of one claim, done in slices on a thread of its own at low priority so the screens stay
 * responsive: a feature phone hashes a few thousand times a second, and the network's default (16 bits, 65 536
 * hashes expected) takes it tens of seconds. Between slices it yields, reports progress, and stops if cancelled.
 */
final class ClaimJob {

    /** Hears about the work; called on the worker thread. */
    interface Listener {
        /** {@code tries} hashes so far, of about {@code expected}. */
        void progress(ClaimJob job, long tries, long expected);

        /** The work is done: {@code record} is the signed claim. */
        void solved(ClaimJob job, byte[] record);

        void cancelled(ClaimJob job);
    }

    /** Hashes per slice: a few hundred milliseconds on a phone, a progress update each. */
    static final int SLICE = 1024;

    final int mode;
    /** The number wanted, or the prefix of a random one. */
    final String number;
    final int difficulty;
    private final IdentityKey key;
    private final Clock clock;
    private final long time;
    private final ProofOfWork work;
    private volatile boolean cancelled;
    private long startedMillis;
    private long workMillis;

    ClaimJob(IdentityKey key, Clock clock, int mode, String number, long time, int difficulty) {
        this.key = key;
        this.clock = clock;
        this.mode = mode;
        this.number = number;
        this.time = time;
        this.difficulty = difficulty;
        this.work = Claim.work(mode, number, key.publicKey(), time, difficulty);
    }

    /** Runs the work to the end (or until cancelled); for the worker thread. */
    void run(Listener listener) {
        startedMillis = clock.nowMillis();
        long expected = 1L << difficulty;
        while (!cancelled && !work.search(SLICE)) {
            listener.progress(this, work.tries(), expected);
            Thread.yield();
        }
        workMillis = clock.nowMillis() - startedMillis;
        if (cancelled) {
            listener.cancelled(this);
            return;
        }
        listener.solved(this, Claim.sign(key, mode, number, time, difficulty, work.nonce()).encode());
    }

    void cancel() {
        cancelled = true;
    }

    boolean isCancelled() {
        return cancelled;
    }

    long tries() {
        return work.tries();
    }

    /** Milliseconds the work took (after {@link #run} returned). */
    long workMillis() {
        return workMillis;
    }
}
