package org.pippin.relay.ddns;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.xbill.DNS.Name;
import org.xbill.DNS.TextParseException;

/**
 * TSIG keys in the format {@code tsig-keygen} writes and named.conf includes:
 * <pre>
 * key "relay1" {
 *         algorithm hmac-sha256;
 *         secret "bWFkZSB1cCBmb3IgdGhlIGV4YW1wbGU=";
 * };
 * </pre>
 * Comments ({@code #}, {@code //}, C style) are allowed; anything else is an error naming what was expected.
 */
final class BindKeyFile {

    /** One key; the secret is base64 as written. */
    static final class Key {
        final Name name;
        final String algorithm;
        final String secret;

        Key(Name name, String algorithm, String secret) {
            this.name = name;
            this.algorithm = algorithm;
            this.secret = secret;
        }
    }

    /** Quoted strings first, so a secret containing "//" or "#" (base64 has '/') is not taken for a comment. */
    private static final Pattern COMMENTS = Pattern.compile("(\"[^\"]*\")|/\\*.*?\\*/|//[^\\n]*|#[^\\n]*",
            Pattern.DOTALL);
    private static final Pattern KEY = Pattern.compile(
            "\\s*key\\s+\"?([A-Za-z0-9._-]+)\"?\\s*\\{([^{}]*)\\}\\s*;");
    private static final Pattern STATEMENT = Pattern.compile("\\s*(algorithm|secret)\\s+\"?([^\";\\s]+)\"?\\s*;");

    private BindKeyFile() {
    }

    static List<Key> parse(String text) {
        String s = COMMENTS.matcher(text)
                .replaceAll(c -> c.group(1) != null ? Matcher.quoteReplacement(c.group(1)) : " ");
        List<Key> keys = new ArrayList<>();
        Matcher m = KEY.matcher(s);
        int at = 0;
        while (at < s.length() && !s.substring(at).isBlank()) {
            if (!m.find(at) || m.start() != at) {
                throw new IllegalArgumentException("expected 'key \"name\" { algorithm ...; secret \"...\"; };'"
                        + " at offset " + at);
            }
            String algorithm = null;
            String secret = null;
            String body = m.group(2);
            Matcher st = STATEMENT.matcher(body);
            int bodyAt = 0;
            while (bodyAt < body.length() && !body.substring(bodyAt).isBlank()) {
                if (!st.find(bodyAt) || st.start() != bodyAt) {
                    throw new IllegalArgumentException("key " + m.group(1)
                            + ": expected 'algorithm NAME;' or 'secret \"BASE64\";'");
                }
                if (st.group(1).equals("algorithm")) {
                    algorithm = st.group(2);
                } else {
                    secret = st.group(2);
                }
                bodyAt = st.end();
            }
            if (algorithm == null || secret == null) {
                throw new IllegalArgumentException("key " + m.group(1) + " needs both algorithm and secret");
            }
            try {
                String n = m.group(1);
                keys.add(new Key(Name.fromString(n.endsWith(".") ? n : n + "."), algorithm, secret));
            } catch (TextParseException e) {
                throw new IllegalArgumentException("key name '" + m.group(1) + "': " + e.getMessage(), e);
            }
            at = m.end();
        }
        if (keys.isEmpty()) {
            throw new IllegalArgumentException("no key {} statement");
        }
        return keys;
    }
}
