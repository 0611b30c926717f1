package org.pippin.relay.floods;

import static org.pippin.relay.ConfigValues.clamp;
import static org.pippin.relay.ConfigValues.integer;

import java.util.List;
import java.util.Properties;
import java.util.Set;
import org.pippin.relay.RelayConfig.ConfigException;

/**
 * Per-source and per-session rate limits on what costs the relay work or memory ({@code floods.*}, documented in
 * pippin-relay.conf): attaches (HELLO, LOGIN, REGISTER) and INVITEs per source address, INVITEs per session, and the
 * answers the relay gives addresses without a session. Each limit is a bucket of {@code max} that refills evenly over
 * {@code seconds}. Validated, clamped with a warning naming the key, then sealed.
 */
public final class FloodConfig {

    public static final Set<String> KEYS = Set.of("floods.attach.max", "floods.attach.seconds", "floods.invite.max",
            "floods.invite.seconds", "floods.session.invite.max", "floods.session.invite.seconds",
            "floods.answers.max", "floods.answers.seconds", "floods.tracked");

    /** HELLO, LOGIN and REGISTER one source address (an IPv4 address, an IPv6 /64) may send at once. */
    public final int attachMax;
    public final int attachSeconds;
    /** INVITEs from phones at one source address. */
    public final int inviteMax;
    public final int inviteSeconds;
    /** INVITEs from one session (one phone), whatever its address. */
    public final int sessionInviteMax;
    public final int sessionInviteSeconds;
    /** Answers (ERROR, CHALLENGE, ACK) to one source address that has no session. */
    public final int answersMax;
    public final int answersSeconds;
    /** Source addresses remembered at most (the least recently seen are forgotten first). */
    public final int tracked;

    private FloodConfig(Properties p, List<String> warn) throws ConfigException {
        attachMax = count(p, warn, "floods.attach.max");
        attachSeconds = seconds(p, warn, "floods.attach.seconds");
        inviteMax = count(p, warn, "floods.invite.max");
        inviteSeconds = seconds(p, warn, "floods.invite.seconds");
        sessionInviteMax = count(p, warn, "floods.session.invite.max");
        sessionInviteSeconds = seconds(p, warn, "floods.session.invite.seconds");
        answersMax = count(p, warn, "floods.answers.max");
        answersSeconds = seconds(p, warn, "floods.answers.seconds");
        tracked = clamp(warn, "floods.tracked", integer(p, "floods.tracked"), 1000, 10_000_000);
    }

    /** Reads the {@code floods.*} keys from the relay's merged properties; clamp warnings go to {@code warn}. */
    public static FloodConfig read(Properties p, List<String> warn) throws ConfigException {
        return new FloodConfig(p, warn);
    }

    private static int count(Properties p, List<String> warn, String key) throws ConfigException {
        return clamp(warn, key, integer(p, key), 1, 1_000_000);
    }

    private static int seconds(Properties p, List<String> warn, String key) throws ConfigException {
        return clamp(warn, key, integer(p, key), 1, 86_400);
    }



    @Override
    public String toString() {
        return "attach " + attachMax + "/" + attachSeconds + "s, invite " + inviteMax + "/" + inviteSeconds
                + "s per address, " + sessionInviteMax + "/" + sessionInviteSeconds + "s per session, answers "
                + answersMax + "/" + answersSeconds + "s per address, tracked " + tracked;
    }
}
