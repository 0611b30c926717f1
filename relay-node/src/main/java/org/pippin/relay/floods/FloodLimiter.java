package org.pippin.relay.floods;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.LinkedHashMap;
import java.util.Map;
import org.pippin.protocol.Clock;

/**
 * Rate limits against floods: per source address (an IPv4 address, or an IPv6 /64, which one subscriber usually gets
 * whole) on attaches (HELLO, LOGIN, REGISTER), INVITEs and answers to addresses without a session, and per session on
 * INVITEs. Each limit is a token bucket of {@code max} refilled evenly over {@code seconds}, kept as one number: the
 * time it is full again (the generic cell rate algorithm, in milliseconds times {@code max} so all arithmetic is
 * exact). One table row per source holds all of its buckets; the least recently seen rows are forgotten beyond
 * {@code floods.tracked}, so the limiter's memory is bounded whatever the flood (a source forgotten starts full again,
 * which only a flood from more sources than the table holds can use). Time is the relay's injected clock. Not
 * thread-safe: the relay's loop owns it.
 */
public final class FloodLimiter {

    /** A session's INVITE bucket, kept by the session itself so it goes with it. */
    public static final class Bucket {
        long fullAt;
    }

    /** One source address's buckets. */
    private static final class Source {
        long attach;
        long invite;
        long answers;
    }

    /** A bucket's size and refill period. */
    private static final class Rate {
        final long max;
        /** One token's interval in scaled time: {@code seconds * 1000 / max} ms, times max. */
        final long interval;

        Rate(int max, int seconds) {
            this.max = max;
            this.interval = seconds * 1000L;
        }

        /** 0 if a token is there now, else the milliseconds until one is. */
        long waitMillis(long fullAt, long nowMillis) {
            long ahead = fullAt - nowMillis * max - (max - 1) * interval;
            return ahead <= 0 ? 0 : (ahead + max - 1) / max;
        }

        long take(long fullAt, long nowMillis) {
            return Math.max(fullAt, nowMillis * max) + interval;
        }
    }

    private final FloodConfig config;
    private final Clock clock;
    /** Times count from here, so scaled times stay far from overflow whatever the clock's origin. */
    private final long startMillis;
    private final Rate attach;
    private final Rate invite;
    private final Rate sessionInvite;
    private final Rate answers;
    private final Map<String, Source> sources;

    public FloodLimiter(FloodConfig config, Clock clock) {
        this.config = config;
        this.clock = clock;
        this.startMillis = clock.nowMillis();
        this.attach = new Rate(config.attachMax, config.attachSeconds);
        this.invite = new Rate(config.inviteMax, config.inviteSeconds);
        this.sessionInvite = new Rate(config.sessionInviteMax, config.sessionInviteSeconds);
        this.answers = new Rate(config.answersMax, config.answersSeconds);
        int limit = config.tracked;
        this.sources = new LinkedHashMap<>(64, 0.75f, true) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Source> eldest) {
                return size() > limit;
            }
        };
    }

    private long now() {
        return clock.nowMillis() - startMillis;
    }

    private Source at(InetAddress address) {
        return sources.computeIfAbsent(sourceKey(address), k -> new Source());
    }

    /** Counts one HELLO, LOGIN or REGISTER from {@code from}: 0 if it may go on, else the milliseconds to wait. */
    public long attach(InetAddress from) {
        Source s = at(from);
        long now = now();
        long wait = attach.waitMillis(s.attach, now);
        if (wait == 0) {
            s.attach = attach.take(s.attach, now);
        }
        return wait;
    }

    /** Whether an attach from {@code from} would be refused now (milliseconds to wait), without counting one. */
    public long attachWait(InetAddress from) {
        Source s = sources.get(sourceKey(from));
        return s == null ? 0 : attach.waitMillis(s.attach, now());
    }

    /**
     * Counts one INVITE from {@code session} at {@code from} (null: a line inside the relay, counted per session
     * only): 0 if it may go on (it then takes from both buckets), else the milliseconds until both have one.
     */
    public long invite(InetAddress from, Bucket session) {
        long now = now();
        Source s = from == null ? null : at(from);
        long wait = sessionInvite.waitMillis(session.fullAt, now);
        if (s != null) {
            wait = Math.max(wait, invite.waitMillis(s.invite, now));
        }
        if (wait == 0) {
            session.fullAt = sessionInvite.take(session.fullAt, now);
            if (s != null) {
                s.invite = invite.take(s.invite, now);
            }
        }
        return wait;
    }

    /** Counts one answer to {@code to}, an address without a session: whether it may go. */
    public boolean answer(InetAddress to) {
        Source s = at(to);
        long now = now();
        if (answers.waitMillis(s.answers, now) > 0) {
            return false;
        }
        s.answers = answers.take(s.answers, now);
        return true;
    }

    /** Source addresses remembered now (at most {@code floods.tracked}). */
    public int tracked() {
        return sources.size();
    }

    /** The detail of an ERROR RATE_LIMITED for an attach. */
    public String attachDetail(InetAddress from, long waitMillis) {
        return "attaches from " + sourceKey(from) + ": at most " + config.attachMax + " per " + config.attachSeconds
                + " s; try again in " + seconds(waitMillis) + " s";
    }

    private static long seconds(long millis) {
        return (millis + 999) / 1000;
    }

    /** An IPv4 address as it is; an IPv6 address by its /64. */
    public static String sourceKey(InetAddress source) {
        if (!(source instanceof Inet6Address)) {
            return source.getHostAddress();
        }
        byte[] b = source.getAddress();
        StringBuilder sb = new StringBuilder(24);
        for (int i = 0; i < 8; i += 2) {
            sb.append(Integer.toHexString((b[i] & 0xFF) << 8 | b[i + 1] & 0xFF)).append(':');
        }
        return sb.append(":/64").toString();
    }
}
