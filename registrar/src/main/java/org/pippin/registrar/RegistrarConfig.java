package org.pippin.registrar;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;

/**
 * The registrar's configuration, read from keys under {@code registrar.}: the documented defaults
 * ({@value #DEFAULTS_RESOURCE}), an optional file and {@code key=value} overrides; validated once, unsafe values
 * clamped with a warning naming the key, then sealed. Unknown keys under the prefix are errors, so a typo never
 * silently runs a default.
 */
public final class RegistrarConfig {

    public static final String DEFAULTS_RESOURCE = "pippin-registrar.conf";
    public static final String PREFIX = "registrar.";

    /** Every key this class reads; a key under {@link #PREFIX} not listed here is an error. */
    public static final Set<String> KEYS = Set.of(
            "registrar.group.id", "registrar.self", "registrar.members", "registrar.storage.dir",
            "registrar.pow.difficulty", "registrar.plan.digits", "registrar.plan.reserved",
            "registrar.quarantine.days", "registrar.inactivity.days", "registrar.clock.window.seconds",
            "registrar.request.timeout.seconds", "registrar.election.timeout.ms", "registrar.enabled",
            "registrar.trusted.keys", "registrar.cache.records", "registrar.cache.seconds", "registrar.workers");

    public final UUID groupId;
    public final String self;
    /** Members in the configured order. */
    public final List<Member> members;
    public final Path storageDir;
    /** The network-wide rules every member applies alike; replicated through the log. */
    public final NetworkSettings network;
    public final int requestTimeoutSeconds;
    /** Least wait before a follower stands for election; the most is twice this. */
    public final int electionTimeoutMillis;
    /** Whether the node takes part in numbers and identity at all (false: no registrar, no client). */
    public final boolean enabled;
    /**
     * Public keys (32 bytes each) of registrar members whose records a node trusts besides its own member's key;
     * a node that is not a member must list them all.
     */
    public final List<byte[]> trustedKeys;
    /** Registrar records a non-member node caches, and how long one answers before the registrar is asked again. */
    public final int cacheRecords;
    public final int cacheSeconds;
    /** Threads that wait for the registrar on a node's behalf, so its event loop never blocks. */
    public final int workers;
    /** What was clamped, one line per key; logged by the caller once logging is set up. */
    public final List<String> warnings;

    /** One member of the group: a Raft peer id and its host:port. */
    public record Member(String id, String host, int port) {
        public String address() {
            return host + ":" + port;
        }
    }

    /** Thrown for configuration that cannot be used at all; the message names the key. */
    public static final class ConfigException extends Exception {
        private static final long serialVersionUID = 1L;

        ConfigException(String message) {
            super(message);
        }
    }

    private RegistrarConfig(Properties p) throws ConfigException {
        List<String> warn = new ArrayList<>();
        for (String key : p.stringPropertyNames()) {
            if (key.startsWith(PREFIX) && !KEYS.contains(key)) {
                throw new ConfigException("unknown config key '" + key + "'");
            }
        }
        String group = string(p, "registrar.group.id");
        try {
            groupId = UUID.fromString(group);
        } catch (IllegalArgumentException e) {
            throw new ConfigException("registrar.group.id must be a UUID, got '" + group + "'");
        }
        enabled = bool(p, "registrar.enabled");
        self = p.getProperty("registrar.self", "").trim();
        members = members(string(p, "registrar.members"));
        trustedKeys = keys(p.getProperty("registrar.trusted.keys", ""));
        if (!isMember() && trustedKeys.isEmpty()) {
            throw new ConfigException("registrar.self '" + self + "' is not one of registrar.members, so "
                    + "registrar.trusted.keys must list the members' public keys");
        }
        if (members.size() > 7) {
            throw new ConfigException("registrar.members lists " + members.size() + " members; at most 7");
        }
        storageDir = Path.of(string(p, "registrar.storage.dir"));
        int difficulty = clamp(warn, "registrar.pow.difficulty", integer(p, "registrar.pow.difficulty"),
                NetworkSettings.MIN_DIFFICULTY, NetworkSettings.MAX_DIFFICULTY);
        int digits = clamp(warn, "registrar.plan.digits", integer(p, "registrar.plan.digits"),
                NetworkSettings.MIN_DIGITS, NetworkSettings.MAX_DIGITS);
        List<NetworkSettings.Range> reserved = ranges(p.getProperty("registrar.plan.reserved", ""), digits);
        int quarantineDays = clamp(warn, "registrar.quarantine.days", integer(p, "registrar.quarantine.days"), 1,
                3650);
        int inactivityDays = clamp(warn, "registrar.inactivity.days", integer(p, "registrar.inactivity.days"), 30,
                3650);
        int windowSeconds = clamp(warn, "registrar.clock.window.seconds",
                integer(p, "registrar.clock.window.seconds"), 30, 86_400);
        network = new NetworkSettings(difficulty, digits, reserved, quarantineDays, inactivityDays, windowSeconds);
        requestTimeoutSeconds = clamp(warn, "registrar.request.timeout.seconds",
                integer(p, "registrar.request.timeout.seconds"), 1, 300);
        electionTimeoutMillis = clamp(warn, "registrar.election.timeout.ms", integer(p, "registrar.election.timeout.ms"),
                300, 10_000);
        cacheRecords = clamp(warn, "registrar.cache.records", integer(p, "registrar.cache.records"), 16,
                10_000_000);
        cacheSeconds = clamp(warn, "registrar.cache.seconds", integer(p, "registrar.cache.seconds"), 1, 86_400);
        workers = clamp(warn, "registrar.workers", integer(p, "registrar.workers"), 1, 64);
        warnings = Collections.unmodifiableList(warn);
    }

    /** Whether this node is one of the group's members (else it only talks to them as a client). */
    public boolean isMember() {
        return members.stream().anyMatch(m -> m.id().equals(self));
    }

    /** The member this config runs as; only for a member ({@link #isMember()}). */
    public Member selfMember() {
        return members.stream().filter(m -> m.id().equals(self)).findFirst()
                .orElseThrow(() -> new IllegalStateException("registrar.self '" + self + "' is not a member"));
    }

    /**
     * The {@code registrar.*} keys of a node's own configuration (other keys are the node's business), over the
     * embedded defaults; what was clamped is added to {@code warnings}.
     */
    public static RegistrarConfig from(Properties nodeProperties, List<String> warnings) throws ConfigException {
        Properties p = defaults();
        for (String key : nodeProperties.stringPropertyNames()) {
            if (key.startsWith(PREFIX)) {
                p.setProperty(key, nodeProperties.getProperty(key));
            }
        }
        RegistrarConfig c = new RegistrarConfig(p);
        warnings.addAll(c.warnings);
        return c;
    }

    /** The embedded defaults, then {@code file} (may be null), then each {@code key=value} in order. */
    public static RegistrarConfig load(Path file, List<String> overrides) throws ConfigException {
        Properties p = defaults();
        if (file != null) {
            Properties fromFile = new Properties();
            try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                fromFile.load(r);
            } catch (IOException e) {
                throw new ConfigException("cannot read config file " + file + ": " + e.getMessage());
            }
            p.putAll(fromFile);
        }
        for (String kv : overrides) {
            int eq = kv.indexOf('=');
            if (eq <= 0) {
                throw new ConfigException("override needs key=value, got '" + kv + "'");
            }
            p.setProperty(kv.substring(0, eq).trim(), kv.substring(eq + 1).trim());
        }
        return new RegistrarConfig(p);
    }

    /** The defaults with some {@code key=value} overrides: for tests and embedding. */
    public static RegistrarConfig of(String... overrides) throws ConfigException {
        return load(null, List.of(overrides));
    }

    static Properties defaults() {
        Properties p = new Properties();
        try (InputStream in = RegistrarConfig.class.getResourceAsStream("/" + DEFAULTS_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(DEFAULTS_RESOURCE + " missing from the class path");
            }
            p.load(new InputStreamReader(in, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalStateException("cannot read embedded " + DEFAULTS_RESOURCE, e);
        }
        return p;
    }

    private static List<Member> members(String text) throws ConfigException {
        List<Member> out = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        Set<String> addresses = new HashSet<>();
        for (String item : text.split(",")) {
            String s = item.trim();
            int at = s.indexOf('@');
            int colon = s.lastIndexOf(':');
            if (at <= 0 || colon < at + 2 || colon == s.length() - 1) {
                throw new ConfigException("registrar.members: '" + s + "' is not id@host:port");
            }
            String id = s.substring(0, at);
            if (!id.matches("[A-Za-z0-9_-]{1,32}")) {
                throw new ConfigException("registrar.members: id '" + id + "' must be 1..32 of A-Z a-z 0-9 _ -");
            }
            int port;
            try {
                port = Integer.parseInt(s.substring(colon + 1));
            } catch (NumberFormatException e) {
                throw new ConfigException("registrar.members: port in '" + s + "' is not a number");
            }
            if (port < 1 || port > 65535) {
                throw new ConfigException("registrar.members: port in '" + s + "' must be 1..65535");
            }
            Member m = new Member(id, s.substring(at + 1, colon), port);
            if (!ids.add(id) || !addresses.add(m.address())) {
                throw new ConfigException("registrar.members: '" + s + "' repeats an id or an address");
            }
            out.add(m);
        }
        return List.copyOf(out);
    }

    private static List<NetworkSettings.Range> ranges(String text, int digits) throws ConfigException {
        List<NetworkSettings.Range> out = new ArrayList<>();
        if (text.trim().isEmpty()) {
            return out;
        }
        for (String item : text.split(",")) {
            String s = item.trim();
            int dash = s.indexOf('-');
            String first = dash < 0 ? s : s.substring(0, dash).trim();
            String last = dash < 0 ? s : s.substring(dash + 1).trim();
            if (!NetworkSettings.isPlanNumber(first, digits) || !NetworkSettings.isPlanNumber(last, digits)
                    || Long.parseLong(first) > Long.parseLong(last)) {
                throw new ConfigException("registrar.plan.reserved: '" + s + "' is not first-last with " + digits
                        + " digits each, first <= last");
            }
            out.add(new NetworkSettings.Range(Long.parseLong(first), Long.parseLong(last)));
        }
        return out;
    }

    private static List<byte[]> keys(String text) throws ConfigException {
        List<byte[]> out = new ArrayList<>();
        for (String item : text.split(",")) {
            String s = item.trim();
            if (s.isEmpty()) {
                continue;
            }
            if (!s.matches("[0-9a-fA-F]{64}")) {
                throw new ConfigException("registrar.trusted.keys: '" + s + "' is not a public key of 64 hex digits");
            }
            byte[] k = new byte[32];
            for (int i = 0; i < 32; i++) {
                k[i] = (byte) Integer.parseInt(s.substring(2 * i, 2 * i + 2), 16);
            }
            out.add(k);
        }
        return Collections.unmodifiableList(out);
    }

    private static boolean bool(Properties p, String key) throws ConfigException {
        String v = string(p, key);
        if (v.equalsIgnoreCase("true") || v.equalsIgnoreCase("false")) {
            return Boolean.parseBoolean(v);
        }
        throw new ConfigException(key + " must be true or false, got '" + v + "'");
    }

    private static String string(Properties p, String key) throws ConfigException {
        String v = p.getProperty(key);
        if (v == null || v.trim().isEmpty()) {
            throw new ConfigException(key + " must not be empty");
        }
        return v.trim();
    }

    private static int integer(Properties p, String key) throws ConfigException {
        String v = string(p, key);
        try {
            return Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw new ConfigException(key + " must be a whole number, got '" + v + "'");
        }
    }

    private static int clamp(List<String> warn, String key, int value, int min, int max) {
        int clamped = Math.max(min, Math.min(max, value));
        if (clamped != value) {
            warn.add(key + "=" + value + " is outside " + min + ".." + max + "; using " + clamped);
        }
        return clamped;
    }

    @Override
    public String toString() {
        return "enabled=" + enabled + " group=" + groupId + " self=" + (isMember() ? self : "(client)") + " members=" + members + " storage=" + storageDir + " " + network
                + " request.timeout=" + requestTimeoutSeconds + "s election.timeout=" + electionTimeoutMillis + "ms trusted.keys="
                + trustedKeys.size() + " cache=" + cacheRecords + "/" + cacheSeconds + "s workers=" + workers;
    }
}
