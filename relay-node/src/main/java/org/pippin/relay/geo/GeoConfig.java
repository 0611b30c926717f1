package org.pippin.relay.geo;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.Set;

/**
 * Which source addresses the relay serves: keys {@code network.countries} and {@code geo.*} of the relay's
 * configuration (documented in pippin-relay.conf). Validated once, then sealed.
 */
public final class GeoConfig {

    public static final Set<String> KEYS = Set.of("network.countries", "geo.dir", "geo.files", "geo.allow.loopback",
            "geo.allow.private");

    /** Upper-case ISO 3166 codes; empty (with no {@link #files}) means every address is served. */
    public final List<String> countries;
    /** Where {@code <cc>-ipv4.cidr} / {@code <cc>-ipv6.cidr} are read from; null = the lists built into the jar. */
    public final Path dir;
    /** Further CIDR files whose blocks are served too. */
    public final List<Path> files;
    public final boolean allowLoopback;
    public final boolean allowPrivate;

    private GeoConfig(List<String> countries, Path dir, List<Path> files, boolean allowLoopback,
                      boolean allowPrivate) {
        this.countries = Collections.unmodifiableList(countries);
        this.dir = dir;
        this.files = Collections.unmodifiableList(files);
        this.allowLoopback = allowLoopback;
        this.allowPrivate = allowPrivate;
    }

    /**
     * Reads the keys from {@code p} (absent keys count as empty).
     *
     * @throws IllegalArgumentException naming the key of a value that cannot be used
     */
    public static GeoConfig from(Properties p) {
        List<String> countries = new ArrayList<>();
        for (String cc : list(p, "network.countries")) {
            if (cc.length() != 2 || !Character.isLetter(cc.charAt(0)) || !Character.isLetter(cc.charAt(1))) {
                throw new IllegalArgumentException("network.countries: '" + cc
                        + "' is not a two-letter country code");
            }
            countries.add(cc.toUpperCase(Locale.ROOT));
        }
        String dir = p.getProperty("geo.dir", "").trim();
        List<Path> files = new ArrayList<>();
        for (String f : list(p, "geo.files")) {
            files.add(Path.of(f));
        }
        return new GeoConfig(countries, dir.isEmpty() ? null : Path.of(dir), files,
                bool(p, "geo.allow.loopback"), bool(p, "geo.allow.private"));
    }

    /** Whether any address may be refused at all. */
    public boolean restricted() {
        return !countries.isEmpty() || !files.isEmpty();
    }

    private static List<String> list(Properties p, String key) {
        List<String> out = new ArrayList<>();
        for (String part : p.getProperty(key, "").split(",")) {
            if (!part.trim().isEmpty()) {
                out.add(part.trim());
            }
        }
        return out;
    }

    private static boolean bool(Properties p, String key) {
        String v = p.getProperty(key, "").trim();
        if (v.equalsIgnoreCase("true")) {
            return true;
        }
        if (v.equalsIgnoreCase("false")) {
            return false;
        }
        throw new IllegalArgumentException(key + " must be true or false, got '" + v + "'");
    }

    @Override
    public String toString() {
        return "countries=" + (countries.isEmpty() ? "any" : String.join(",", countries))
                + (dir != null ? " geo.dir=" + dir : "") + (files.isEmpty() ? "" : " geo.files=" + files)
                + " loopback=" + allowLoopback + " private=" + allowPrivate;
    }
}
