package org.pippin.relay.ddns;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SRVRecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.TSIGRecord;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;
import org.xbill.DNS.Update;

/**
 * RFC 2136 dynamic updates signed with TSIG (RFC 8945). One update message replaces the relay's A and AAAA RRsets
 * and its own SRV records under {@code _pippin._udp.<zone>} and {@code _pippin._tcp.<zone>}, which phones and relays
 * look up to find relays. The SRV RRsets are shared by every relay of the network, so only RRs whose target is this
 * relay's name are ever deleted, one by one; other relays' records are never touched.
 *
 * <p>An answer counts only if its rcode is NOERROR and its TSIG verifies with our key: an unsigned "NOERROR" could
 * come from anyone on the path.
 */
final class Rfc2136Updater implements Updater {

    static final String[] SRV_PROTOCOLS = {"_udp", "_tcp"};

    private final DdnsConfig config;
    private final int srvPort;
    private final SimpleResolver resolver;
    /**
     * Unsigned, for reading the SRV RRsets: they are public, and a forged answer could at worst add deletes of RRs
     * of this relay that the same update adds back. Keeping the key off reads means a bad key is reported by the
     * update itself.
     */
    private final SimpleResolver reader;

    Rfc2136Updater(DdnsConfig config, int relayPort) {
        this.config = config;
        this.srvPort = config.srvPort != 0 ? config.srvPort : relayPort;
        this.resolver = new SimpleResolver(new InetSocketAddress(config.serverHost, config.serverPort));
        resolver.setTSIGKey(config.tsig());
        resolver.setTimeout(Duration.ofSeconds(config.timeoutSeconds));
        this.reader = new SimpleResolver(new InetSocketAddress(config.serverHost, config.serverPort));
        reader.setTimeout(Duration.ofSeconds(config.timeoutSeconds));
    }

    /** The SRV owner names the network's phones and relays query, e.g. {@code _pippin._udp.example.org.}. */
    static Name srvName(String protocol, Name zone) {
        try {
            return Name.fromString("_pippin." + protocol, zone);
        } catch (TextParseException e) {
            throw new IllegalStateException("constant SRV name does not parse", e);
        }
    }

    @Override
    public Outcome update(List<InetAddress> addresses) throws IOException {
        Update u = new Update(config.zone);
        List<Record> v4 = new ArrayList<>();
        List<Record> v6 = new ArrayList<>();
        for (InetAddress a : addresses) {
            if (a instanceof Inet4Address) {
                v4.add(new ARecord(config.name, DClass.IN, config.ttl, a));
            } else {
                v6.add(new AAAARecord(config.name, DClass.IN, config.ttl, a));
            }
        }
        // Delete-then-add of the whole RRset: the relay's addresses are exactly the ones found now.
        u.delete(config.name, Type.A);
        u.add(v4.toArray(new Record[0]));
        u.delete(config.name, Type.AAAA);
        u.add(v6.toArray(new Record[0]));
        for (String protocol : SRV_PROTOCOLS) {
            Name owner = srvName(protocol, config.zone);
            SRVRecord mine = new SRVRecord(owner, DClass.IN, config.ttl, config.srvPriority, config.srvWeight,
                    srvPort, config.name);
            String refused = deleteMyOldSrv(u, owner, mine);
            if (refused != null) {
                return Outcome.retry(refused);
            }
            u.delete(mine); // this exact RR, so a changed TTL is rewritten; other RRs of the RRset stay
            u.add(mine);
        }
        Message response = resolver.send(u);
        String problem = problem(response, "update");
        if (problem != null) {
            return Outcome.retry(problem);
        }
        return Outcome.done("update accepted by " + config.serverHost + ":" + config.serverPort);
    }

    /**
     * Adds deletes for this relay's SRV RRs that differ from {@code mine} (an old port, priority or weight).
     * Returns what went wrong reading the RRset, or null.
     */
    private String deleteMyOldSrv(Update u, Name owner, SRVRecord mine) throws IOException {
        Message q = Message.newQuery(Record.newRecord(owner, Type.SRV, DClass.IN));
        Message r = reader.send(q);
        if (r.getRcode() == Rcode.NXDOMAIN) {
            return null;
        }
        if (r.getRcode() != Rcode.NOERROR) {
            return "query of " + owner + " SRV failed: rcode=" + Rcode.string(r.getRcode());
        }
        for (Record rec : r.getSection(Section.ANSWER)) {
            if (rec instanceof SRVRecord && ((SRVRecord) rec).getTarget().equals(config.name)
                    && !rec.rdataToString().equals(mine.rdataToString())) {
                u.delete(rec);
            }
        }
        return null;
    }

    /** Null if the answer is NOERROR and signed with our key; else the rcode and TSIG error in DNS's words. */
    static String problem(Message response, String what) {
        int rcode = response.getRcode();
        TSIGRecord tsig = response.getTSIG();
        String tsigError = tsig != null && tsig.getError() != Rcode.NOERROR
                ? " tsig=" + Rcode.TSIGstring(tsig.getError()) : "";
        if (rcode != Rcode.NOERROR) {
            return what + " refused: rcode=" + Rcode.string(rcode) + tsigError;
        }
        if (!response.isVerified()) {
            return what + " answer not verified with our TSIG key (" + (tsig == null ? "unsigned" : "bad signature")
                    + ")" + tsigError;
        }
        return null;
    }
}
