package org.pippin.relay.voicemail;

import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The email's subject and body: text with {@code {field}} placeholders, filled in per message. */
final class Template {

    static final List<String> FIELDS = List.of("caller", "owner", "date", "time", "duration", "id");
    private static final Pattern FIELD = Pattern.compile("\\{([a-z]+)}");

    private Template() {
    }

    /** The first placeholder that is not one of {@link #FIELDS}, or null. */
    static String unknownField(String template) {
        Matcher m = FIELD.matcher(template);
        while (m.find()) {
            if (!FIELDS.contains(m.group(1))) {
                return m.group(1);
            }
        }
        return null;
    }

    static String fill(String template, Map<String, String> values) {
        Matcher m = FIELD.matcher(template);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(sb, Matcher.quoteReplacement(values.getOrDefault(m.group(1), m.group())));
        }
        m.appendTail(sb);
        return sb.toString();
    }
}
