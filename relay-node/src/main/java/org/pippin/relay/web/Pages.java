package org.pippin.relay.web;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.pippin.protocol.RelayList;

/**
 * The two XHTML-MP pages, small enough for a phone browser on GPRS: the install page and the status page. Every
 * value is escaped; nothing a phone sent is ever echoed.
 */
final class Pages {

    static final String CONTENT_TYPE = "application/vnd.wap.xhtml+xml; charset=utf-8";
    static final String XML_TYPE = "text/xml; charset=utf-8";

    private static final String HEAD = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
            + "<!DOCTYPE html PUBLIC \"-//WAPFORUM//DTD XHTML Mobile 1.0//EN\""
            + " \"http://www.wapforum.org/DTD/xhtml-mobile10.dtd\">\n"
            + "<html xmlns=\"http://www.w3.org/1999/xhtml\"><head><title>";

    private Pages() {
    }

    /** The install page: one link to the JAD (relative, so it works behind any public URL). */
    static byte[] install(String midletVersion, int jarBytes) {
        return bytes(HEAD + "Pippin</title></head><body>\n"
                + "<h1>Pippin</h1>\n"
                + "<p>Free calls between phones.</p>\n"
                + "<p><a href=\"pippin.jad\">Install Pippin " + escape(midletVersion) + "</a> ("
                + (jarBytes + 1023) / 1024 + " KB)</p>\n"
                + "<p><a href=\"status\">Relay status</a></p>\n"
                + "</body></html>\n");
    }

    static byte[] status(String version, RelaySnapshot s, int uplinkKbps, List<Health> health) {
        long kbps = (s.voiceBitsPerSecond() + 500) / 1000;
        StringBuilder sb = new StringBuilder(HEAD).append("Pippin relay</title></head><body>\n")
                .append("<h1>Pippin relay</h1>\n<p>")
                .append("Version: ").append(escape(version)).append("<br/>\n")
                .append("Up: ").append(uptime(s.uptimeMillis())).append("<br/>\n")
                .append("Phones: ").append(s.attachedPhones()).append("<br/>\n")
                .append("Calls: ").append(s.activeCalls()).append("<br/>\n")
                .append("Voice: ").append(kbps).append(" of ").append(uplinkKbps).append(" kbit/s (")
                .append(kbps * 100 / uplinkKbps).append(" %)<br/>\n");
        for (Health h : health) {
            sb.append(escape(h.name())).append(": ").append(escape(h.detail())).append("<br/>\n");
        }
        return bytes(sb.append("</p>\n</body></html>\n").toString());
    }

    /** "3 d 4 h", "2 h 5 min", "7 min 12 s": two units are enough on a small screen. */
    static String uptime(long millis) {
        long s = Math.max(0, millis / 1000);
        long d = s / 86_400;
        long h = s / 3600 % 24;
        long m = s / 60 % 60;
        if (d > 0) {
            return d + " d " + h + " h";
        }
        if (h > 0) {
            return h + " h " + m + " min";
        }
        return m + " min " + s % 60 + " s";
    }

    /**
     * The network's relays for a phone that reaches no relay over UDP or TCP (MIDP promises only HTTP), from the same
     * source as RELAY_LIST, most spare uplink first:
     * {@code <relays><relay address="host:port" spare-kbps="480"/>...</relays>}.
     */
    static byte[] relaysXml(RelayList list) {
        StringBuilder sb = new StringBuilder(64 + list.size() * 64);
        sb.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<relays>\n");
        for (int i = 0; i < list.size(); i++) {
            sb.append("<relay address=\"").append(escape(list.relay(i))).append("\" spare-kbps=\"")
                    .append(list.spareKbps(i)).append("\"/>\n");
        }
        return bytes(sb.append("</relays>\n").toString());
    }

    static String escape(String text) {
        StringBuilder sb = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '&' -> sb.append("&amp;");
                case '"' -> sb.append("&quot;");
                default -> sb.append(c);
            }
        }
        return sb.toString();
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
