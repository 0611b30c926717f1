package org.pippin.relay.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.pippin.protocol.RelayList;

class PagesTest {

    @Test
    void uptimeInTwoUnits() {
        assertEquals("0 min 0 s", Pages.uptime(999));
        assertEquals("7 min 12 s", Pages.uptime(432_000));
        assertEquals("2 h 5 min", Pages.uptime((2 * 3600 + 5 * 60 + 59) * 1000L));
        assertEquals("3 d 4 h", Pages.uptime((3 * 86_400 + 4 * 3600 + 3599) * 1000L));
    }

    @Test
    void healthTextIsEscaped() {
        Health odd = new Health() {
            @Override
            public String name() {
                return "<DHT>";
            }

            @Override
            public State state() {
                return State.DEGRADED;
            }

            @Override
            public String detail() {
                return "2 peers & \"no\" bootstrap";
            }
        };
        String page = new String(Pages.status("1.0", new RelaySnapshot(1, 0, 31_600, 1000), 512, List.of(odd)),
                StandardCharsets.UTF_8);
        assertTrue(page.contains("&lt;DHT&gt;: 2 peers &amp; &quot;no&quot; bootstrap<br/>"), page);
        assertTrue(page.contains("Voice: 32 of 512 kbit/s (6 %)<br/>"), page);
    }

    @Test
    void relaysXmlListsEachRelayWithItsSpareUplinkEscaped() {
        String xml = new String(Pages.relaysXml(new RelayList(new String[] {"r1.example:7070", "a&b<\"c\">:1"},
                new long[] {480, 4294967295L})), StandardCharsets.UTF_8);
        assertEquals("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<relays>\n"
                + "<relay address=\"r1.example:7070\" spare-kbps=\"480\"/>\n"
                + "<relay address=\"a&amp;b&lt;&quot;c&quot;&gt;:1\" spare-kbps=\"4294967295\"/>\n</relays>\n", xml);
        assertEquals("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<relays>\n</relays>\n",
                new String(Pages.relaysXml(new RelayList(new String[0], new long[0])), StandardCharsets.UTF_8));
    }
}
