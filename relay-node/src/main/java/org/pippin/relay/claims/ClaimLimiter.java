package org.pippin.relay.claims;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.LinkedHashMap;
import java.util.Map;
import org.pippin.identity.IdentityKey;
import org.pippin.protocol.Clock;

/**
 * Rate limits on CLAIM, per source address and per identity key: a bucket each, holding at most {@code max}
 * claims and refilled evenly over {@code seconds}, so a phone may claim a few numbers at once and then one now and
 * then. An IPv6 source counts by its /64, which one subscriber usually gets whole. A claim goes on only if both of
 * its buckets have a claim left, and then takes one from each. The least recently seen buckets are forgotten beyond
 * {@code claims.tracked}. Time is the relay's injected clock. Not thread-safe: the relay's loop owns it.
 */
public final class ClaimLimiter {

    private final ClaimLimitConfig config;
    private final Clock clock;
    private final Buckets addresses;
    private final Buckets keys;
    /** Times count from here, so scaled times stay far from overflow whatever the clock's origin. */
    private final long startMillis;

    public ClaimLimiter(ClaimLimitConfig config, Clock clock) {
        this.config = config;
        this.clock = clock;
        this.startMillis = clock.nowMillis();
        this.addresses = new Buckets(config.tracked, config.addressMax, config.addressSeconds);
        this.keys = new Buckets(config.tracked, config.keyMax, config.keySeconds);
    }

    /**
     * Counts one claim from {@code source} signed by {@code publicKey} (null when the claim does not decode: it then
     * counts against its address only).
     *
     * @return null if it may go on, else why not and when to try again, for the RESULT's detail
     */
    public String admit(InetAddress source, byte[] publicKey) {
        long now = clock.nowMillis() - startMillis;
        String address = addressKey(source);
        Bucket a = addresses.at(address);
        long waitA = addresses.waitMillis(a, now);
        if (waitA > 0) {
            return "claims from " + address + ": at most " + config.addressMax + " per " + config.addressSeconds
                    + " s; try again in " + seconds(waitA) + " s";
        }
        if (publicKey != null) {
            Bucket k = keys.at(IdentityKey.fingerprint(publicKey));
            long waitK = keys.waitMillis(k, now);
            if (waitK > 0) {
                return "claims by key " + IdentityKey.fingerprint(publicKey) + ": at most " + config.keyMax + " per "
                        + config.keySeconds + " s; try again in " + seconds(waitK) + " s";
            }
            keys.take(k, now);
        }
        addresses.take(a, now);
        return null;
    }

    private static long seconds(long millis) {
        return (millis + 999) / 1000;
    }

    /** An IPv4 address as it is; an IPv6 address by its /64. */
    static String addressKey(InetAddress source) {
        if (!(source instanceof Inet6Address)) {
            return source.getHostAddress();
        }
        byte[] b = source.getAddress();
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 8; i += 2) {
            sb.append(Integer.toHexString((b[i] & 0xFF) << 8 | b[i + 1] & 0xFF)).append(':');
        }
        return sb.append(":/64").toString();
    }

    /** When the bucket would be full again, in milliseconds times the bucket's size (so all arithmetic is exact). */
    private static final class Bucket {
        long fullAt;
    }

    /**
     * Buckets by name, least recently used first. A bucket of {@code max} claims refilled over {@code seconds} is
     * kept as the time it is full again (the generic cell rate algorithm): each claim moves that time one interval on,
     * and a claim may go while the time is at most {@code max - 1} intervals ahead.
     */
    private static final class Buckets extends LinkedHashMap<String, Bucket> {
        private static final long serialVersionUID = 1L;

        private final int limit;
        private final long max;
        /** One claim's interval in scaled time: {@code seconds * 1000 / max} ms, times max. */
        private final long interval;

        Buckets(int limit, int max, int seconds) {
            super(64, 0.75f, true);
            this.limit = limit;
            this.max = max;
            this.interval = seconds * 1000L;
        }

        Bucket at(String name) {
            return computeIfAbsent(name, n -> new Bucket());
        }

        /** 0 if a claim may go now, else the milliseconds until one may. */
        long waitMillis(Bucket b, long nowMillis) {
            long ahead = b.fullAt - nowMillis * max - (max - 1) * interval;
            return ahead <= 0 ? 0 : (ahead + max - 1) / max;
        }

        void take(Bucket b, long nowMillis) {
            b.fullAt = Math.max(b.fullAt, nowMillis * max) + interval;
        }

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Bucket> eldest) {
            return size() > limit;
        }
    }
}
