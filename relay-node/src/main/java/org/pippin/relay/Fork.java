package org.pippin.relay;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import org.pippin.identity.LinkedNumbers;

/**
 * The ringing side of a call to a number with linked numbers: the legs ringing now (the owner's phone, trunk lines of
 * verified external numbers, other Pippin numbers) and the steps still to ring. All ring at once (ring-all), or step
 * by step for the owner's step time (sequential). The first leg to answer becomes the call's callee; the others are
 * ended. State of the relay's event loop.
 */
final class Fork {

    /** The number the caller dialled: every leg is invited as that number. */
    final String called;
    final int rule;
    final long stepMillis;
    /** Numbers still to ring, one group per step; the owner's own number stands for its phone. */
    final ArrayDeque<List<String>> steps = new ArrayDeque<>();
    /** Legs ringing now, each with its session and channel; their peer is the caller's leg. */
    final List<Leg> ringing = new ArrayList<>();
    /** When the current step began (relay clock). */
    long stepStartedMillis;
    /** The caller has been sent RINGING: once per call, whichever leg rang first. */
    boolean ringingSent;
    /** What the caller hears if every leg refuses: DECLINED if any leg declined, else BUSY if one was busy. */
    int lastReject;
    /** Ring time every step takes in all (sequential; 0 for ring-all): voicemail waits at least this long. */
    long planMillis;
    /** The INVITE as every leg gets it, with that leg's channel filled in. */
    org.pippin.protocol.Invite invite;

    Fork(String called, int rule, long stepMillis, int lastReject) {
        this.called = called;
        this.rule = rule;
        this.stepMillis = stepMillis;
        this.lastReject = lastReject;
    }

    /** Steps for {@code targets} in order under the owner's rule: one step with all, or one per number. */
    static Fork plan(String called, LinkedNumbers rule, List<String> targets, int lastReject) {
        Fork f = new Fork(called, rule.rule, rule.stepSeconds * 1000L, lastReject);
        if (rule.rule == LinkedNumbers.RING_ALL) {
            f.steps.add(new ArrayList<>(targets));
        } else {
            for (String t : targets) {
                f.steps.add(List.of(t));
            }
            f.planMillis = f.stepMillis * targets.size();
        }
        return f;
    }

    boolean sequential() {
        return rule == LinkedNumbers.SEQUENTIAL;
    }
}
