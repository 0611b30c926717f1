package org.pippin.relay.linked;

import java.security.SecureRandom;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import org.pippin.protocol.Clock;
import org.pippin.protocol.Wire;

/**
 * The codes of verification calls this relay placed: one per owner number and external number, valid for
 * {@code links.code.seconds} and {@code links.code.attempts} wrong tries, and at most
 * {@code links.verify.calls.per.day} calls per owner number, so a relay never becomes a way to ring strangers'
 * phones. Bounded; event loop only; time from the relay's clock.
 */
public final class LinkVerifier {

    /** Most codes waiting at once; more calls are refused until some expire. */
    static final int MAX_PENDING = 4096;
    private static final long DAY_MILLIS = 24 * 3600 * 1000L;

    private static final class Pending {
        final String code;
        final long expiresAt;
        int attemptsLeft;

        Pending(String code, long expiresAt, int attemptsLeft) {
            this.code = code;
            this.expiresAt = expiresAt;
            this.attemptsLeft = attemptsLeft;
        }
    }

    private final LinksConfig config;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();
    private final Map<String, Pending> pending = new HashMap<>();
    /** When each owner number's recent verification calls were placed, oldest first. */
    private final Map<String, ArrayDeque<Long>> calls = new HashMap<>();

    public LinkVerifier(LinksConfig config, Clock clock) {
        this.config = config;
        this.clock = clock;
    }

    /**
     * A fresh code for a verification call from {@code owner} to {@code linked}, replacing any earlier one; null when
     * the owner has had its calls for today or too many codes wait ({@link #refusal} says which).
     */
    public String newCode(String owner, String linked) {
        long now = clock.nowMillis();
        expire(now);
        ArrayDeque<Long> recent = calls.computeIfAbsent(owner, k -> new ArrayDeque<>());
        if (recent.size() >= config.verifyCallsPerDay || pending.size() >= MAX_PENDING) {
            if (recent.isEmpty()) {
                calls.remove(owner);
            }
            return null;
        }
        recent.addLast(now);
        StringBuilder code = new StringBuilder(config.codeDigits);
        for (int i = 0; i < config.codeDigits; i++) {
            code.append((char) ('0' + random.nextInt(10)));
        }
        pending.put(key(owner, linked), new Pending(code.toString(), now + config.codeSeconds * 1000L,
                config.codeAttempts));
        return code.toString();
    }

    /** Why {@link #newCode} refused: a detail for the RESULT. */
    public String refusal(String owner) {
        ArrayDeque<Long> recent = calls.get(owner);
        if (recent != null && recent.size() >= config.verifyCallsPerDay) {
            long wait = (recent.peekFirst() + DAY_MILLIS - clock.nowMillis()) / 1000;
            return "at most " + config.verifyCallsPerDay + " verification calls a day; try again in " + wait + " s";
        }
        return "too many verification calls waiting on this relay; try again later";
    }

    /**
     * Checks {@code code} for {@code owner}'s link to {@code linked}: {@link Wire#RESULT_OK} (the code is used up),
     * {@link Wire#RESULT_LINK_CODE_WRONG}, {@link Wire#RESULT_LINK_TOO_MANY} (the last try failed; the code is gone)
     * or {@link Wire#RESULT_LINK_NO_CODE}.
     */
    public int check(String owner, String linked, String code) {
        expire(clock.nowMillis());
        String key = key(owner, linked);
        Pending p = pending.get(key);
        if (p == null) {
            return Wire.RESULT_LINK_NO_CODE;
        }
        if (constantTimeEquals(p.code, code)) {
            pending.remove(key);
            return Wire.RESULT_OK;
        }
        if (--p.attemptsLeft <= 0) {
            pending.remove(key);
            return Wire.RESULT_LINK_TOO_MANY;
        }
        return Wire.RESULT_LINK_CODE_WRONG;
    }

    /** A right code whose registrar write failed may be tried again: it is put back as it was. */
    public void restore(String owner, String linked, String code) {
        pending.put(key(owner, linked), new Pending(code, clock.nowMillis() + config.codeSeconds * 1000L, 1));
    }

    public int pendingCount() {
        return pending.size();
    }

    private void expire(long now) {
        pending.values().removeIf(p -> p.expiresAt <= now);
        for (Iterator<ArrayDeque<Long>> it = calls.values().iterator(); it.hasNext();) {
            ArrayDeque<Long> q = it.next();
            while (!q.isEmpty() && q.peekFirst() + DAY_MILLIS <= now) {
                q.pollFirst();
            }
            if (q.isEmpty()) {
                it.remove();
            }
        }
    }

    private static String key(String owner, String linked) {
        return owner + " " + linked;
    }

    private static boolean constantTimeEquals(String a, String b) {
        if (a.length() != b.length()) {
            return false;
        }
        int diff = 0;
        for (int i = 0; i < a.length(); i++) {
            diff |= a.charAt(i) ^ b.charAt(i);
        }
        return diff == 0;
    }
}
