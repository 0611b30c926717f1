package org.pippin.relay;

import java.util.List;
import java.util.Properties;
import org.pippin.relay.RelayConfig.ConfigException;

/**
 * The relay's configuration values as its typed configs read them: a value that cannot be read stops the relay with
 * an error naming the key; one outside its safe range is clamped to it, with a warning naming the key.
 */
public final class ConfigValues {

    private ConfigValues() {
    }

    /** The trimmed value of {@code key}, which must not be empty. */
    public static String string(Properties p, String key) throws ConfigException {
        String v = p.getProperty(key);
        if (v == null || v.trim().isEmpty()) {
            throw new ConfigException(key + " must not be empty");
        }
        return v.trim();
    }

    public static int integer(Properties p, String key) throws ConfigException {
        String v = string(p, key);
        try {
            return Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw new ConfigException(key + " must be a whole number, got '" + v + "'");
        }
    }

    /** {@code true} or {@code false}, in any case. */
    public static boolean bool(Properties p, String key) throws ConfigException {
        String v = string(p, key);
        if (v.equalsIgnoreCase("true") || v.equalsIgnoreCase("false")) {
            return Boolean.parseBoolean(v);
        }
        throw new ConfigException(key + " must be true or false, got '" + v + "'");
    }

    /** {@code value} of {@code key} brought into {@code min..max}; a change is reported to {@code warn}. */
    public static int clamp(List<String> warn, String key, int value, int min, int max) {
        int clamped = Math.max(min, Math.min(max, value));
        if (clamped != value) {
            warn.add(key + "=" + value + " is outside " + min + ".." + max + "; using " + clamped);
        }
        return clamped;
    }

    /** The whole number of {@code key} brought into {@code min..max}; a change is reported to {@code warn}. */
    public static int clamp(List<String> warn, Properties p, String key, int min, int max) throws ConfigException {
        return clamp(warn, key, integer(p, key), min, max);
    }
}
