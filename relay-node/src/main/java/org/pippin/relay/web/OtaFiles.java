package org.pippin.relay.web;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The MIDlet packed into the relay's jar ({@value #JAR_RESOURCE}, {@value #JAD_RESOURCE}) and the JAD this relay
 * serves for it: the built JAD with an absolute {@code MIDlet-Jar-URL} on this relay, the jar's exact size, this relay
 * as {@code Pippin-Relay} and the relays it knows as {@code Pippin-Relays}.
 */
final class OtaFiles {

    static final String JAR_RESOURCE = "/ota/pippin.jar";
    static final String JAD_RESOURCE = "/ota/pippin.jad";
    static final String JAR_NAME = "pippin.jar";

    private final byte[] jar;
    private final Map<String, String> template;

    private OtaFiles(byte[] jar, Map<String, String> template) {
        this.jar = jar;
        this.template = template;
    }

    /** Reads both from the class path; {@code extra} attributes replace the built JAD's own. */
    static OtaFiles load(Map<String, String> extra) throws IOException {
        byte[] jar = resource(JAR_RESOURCE);
        Map<String, String> template = parse(new String(resource(JAD_RESOURCE), StandardCharsets.UTF_8));
        for (String required : List.of("MIDlet-Name", "MIDlet-Vendor", "MIDlet-Version", "MIDlet-1")) {
            if (!template.containsKey(required)) {
                throw new IOException(JAD_RESOURCE + " has no " + required);
            }
        }
        template.putAll(extra);
        return new OtaFiles(jar, Collections.unmodifiableMap(template));
    }

    /** The jar as served; callers must not change it. */
    byte[] jar() {
        return jar;
    }

    String midletVersion() {
        return template.get("MIDlet-Version");
    }

    /**
     * The JAD for a phone that reaches this relay's web face at {@code baseUrl} (ending in '/'); {@code relays} is
     * this relay first, then the others, as {@code host:port}.
     */
    String jad(String baseUrl, List<String> relays) {
        Map<String, String> jad = new LinkedHashMap<>(template);
        jad.put("MIDlet-Jar-URL", baseUrl + JAR_NAME);
        jad.put("MIDlet-Jar-Size", Integer.toString(jar.length));
        jad.put("Pippin-Relay", relays.get(0));
        jad.put("Pippin-Relays", String.join(",", relays));
        StringBuilder sb = new StringBuilder();
        jad.forEach((name, value) -> sb.append(name).append(": ").append(value).append('\n'));
        return sb.toString();
    }

    /** {@code Name: value} lines, as MIDP reads a JAD; blank lines are skipped. */
    static Map<String, String> parse(String text) throws IOException {
        Map<String, String> out = new LinkedHashMap<>();
        for (String line : text.split("\r?\n")) {
            if (line.isBlank()) {
                continue;
            }
            int colon = line.indexOf(':');
            if (colon <= 0) {
                throw new IOException("not a JAD attribute line: '" + line + "'");
            }
            out.put(line.substring(0, colon).trim(), line.substring(colon + 1).trim());
        }
        return out;
    }

    private static byte[] resource(String name) throws IOException {
        try (InputStream in = OtaFiles.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IOException(name + " missing from the class path (build the relay with its reactor: -am)");
            }
            return in.readAllBytes();
        }
    }
}
