package org.pippin.relay.dialplan;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import org.pippin.protocol.Wire;

/**
 * Which called numbers a call may go to, from keys {@code dialplan.*} (documented in pippin-relay.conf). Pippin
 * numbers (no {@code +}) go on to the relay's own checks. External numbers ({@code +} and country code) are
 * allowed only within the network's country code, and only with a national number of a configured length; the
 * relay reaches those only through a SIP trunk ({@code sip.trunk}).
 */
public final class DialPlan {

    public static final Set<String> KEYS = Set.of("dialplan.country.code", "dialplan.national.lengths");

    /** Digits of the network's country code, e.g. "965"; empty = no external number is allowed. */
    public final String countryCode;
    /** Allowed digit counts of the national number after the country code. */
    public final List<Integer> nationalLengths;

    private DialPlan(String countryCode, List<Integer> nationalLengths) {
        this.countryCode = countryCode;
        this.nationalLengths = Collections.unmodifiableList(nationalLengths);
    }

    /**
     * Reads the keys from {@code p}.
     *
     * @throws IllegalArgumentException naming the key of a value that cannot be used
     */
    public static DialPlan from(Properties p) {
        String cc = p.getProperty("dialplan.country.code", "").trim();
        if (cc.startsWith("+")) {
            cc = cc.substring(1);
        }
        if (!cc.isEmpty() && (cc.length() > 3 || !digits(cc) || cc.charAt(0) == '0')) {
            throw new IllegalArgumentException("dialplan.country.code must be 1 to 3 digits (ITU E.164), got '"
                    + p.getProperty("dialplan.country.code") + "'");
        }
        List<Integer> lengths = new ArrayList<>();
        for (String part : p.getProperty("dialplan.national.lengths", "").split(",")) {
            String t = part.trim();
            if (t.isEmpty()) {
                continue;
            }
            int n = digits(t) && t.length() <= 2 ? Integer.parseInt(t) : -1;
            // E.164 numbers have at most 15 digits, country code included.
            if (n < 1 || n + cc.length() > 15) {
                throw new IllegalArgumentException("dialplan.national.lengths: '" + t + "' is not 1.."
                        + (15 - cc.length()) + " digits");
            }
            lengths.add(n);
        }
        if (!cc.isEmpty() && lengths.isEmpty()) {
            throw new IllegalArgumentException("dialplan.national.lengths must name at least one length when "
                    + "dialplan.country.code is set");
        }
        return new DialPlan(cc, lengths);
    }

    /** Whether {@code number} is external: it starts with '+'. */
    public static boolean isExternal(String number) {
        return number.startsWith("+");
    }

    /**
     * For an external number: {@link Wire#REJECT_NOT_ALLOWED} outside the country code,
     * {@link Wire#REJECT_NOT_IN_SERVICE} if it does not fit the plan, {@link Wire#REJECT_UNAVAILABLE} if it fits
     * (reachable only through a trunk). For a Pippin number: 0 (the relay decides).
     */
    public int check(String number) {
        if (!isExternal(number)) {
            return 0;
        }
        String rest = number.substring(1);
        if (countryCode.isEmpty() || !rest.startsWith(countryCode)) {
            return Wire.REJECT_NOT_ALLOWED;
        }
        String national = rest.substring(countryCode.length());
        if (!digits(national) || !nationalLengths.contains(national.length())) {
            return Wire.REJECT_NOT_IN_SERVICE;
        }
        return Wire.REJECT_UNAVAILABLE;
    }

    private static boolean digits(String s) {
        if (s.isEmpty()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) < '0' || s.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }

    @Override
    public String toString() {
        return countryCode.isEmpty() ? "no external numbers" : "+" + countryCode + " " + nationalLengths + " digits";
    }
}
