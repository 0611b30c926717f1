package org.pippin.relay.ddns;

import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The dyndns2 HTTP update protocol most dynamic-DNS providers speak:
 * {@code GET /nic/update?hostname=NAME&myip=ADDR} with HTTP Basic authentication and a User-Agent naming the client.
 * The first word of the answer is the return code. {@code good} and {@code nochg} mean published; the account,
 * host and agent errors mean every later update would fail too, so the client stops until an operator acts (the
 * protocol forbids retrying them); {@code dnserr} and {@code 911} are the provider's trouble: wait, then retry.
 */
final class Dyndns2Updater implements Updater {

    /** "Company - Device - Version", the form dyndns2 providers ask for. */
    static final String USER_AGENT = "Pippin - pippin-relay - 0.1";
    /** Providers ask clients to stay away this long after 911 or dnserr. */
    static final int PROVIDER_TROUBLE_WAIT_SECONDS = 30 * 60;
    private static final int MAX_BODY = 4096;

    private final URI url;
    private final String hostname;
    private final String authorization;
    private final Duration timeout;
    private final BoundedHttp http;

    Dyndns2Updater(DdnsConfig c) {
        this.url = c.dyndns2Url;
        String name = c.name.toString();
        this.hostname = name.substring(0, name.length() - 1); // providers want the name without the root dot
        this.authorization = "Basic " + Base64.getEncoder().encodeToString(
                (c.dyndns2User + ":" + c.dyndns2Password).getBytes(StandardCharsets.UTF_8));
        this.timeout = Duration.ofSeconds(c.timeoutSeconds);
        this.http = new BoundedHttp(timeout);
    }

    /** The request URI: the configured URL with hostname and myip (several addresses comma-separated). */
    URI requestUri(List<InetAddress> addresses) {
        String myip = addresses.stream().map(InetAddress::getHostAddress).collect(Collectors.joining(","));
        String query = "hostname=" + URLEncoder.encode(hostname, StandardCharsets.UTF_8)
                + "&myip=" + URLEncoder.encode(myip, StandardCharsets.UTF_8);
        String base = url.toString();
        return URI.create(base + (url.getRawQuery() == null ? "?" : "&") + query);
    }

    @Override
    public Outcome update(List<InetAddress> addresses) throws IOException {
        HttpRequest req = HttpRequest.newBuilder(requestUri(addresses)).timeout(timeout).GET()
                .header("Authorization", authorization).header("User-Agent", USER_AGENT).build();
        HttpResponse<byte[]> resp = http.send(req, MAX_BODY);
        String text = new String(resp.body(), StandardCharsets.US_ASCII).strip();
        String firstLine = text.isEmpty() ? "" : text.lines().findFirst().orElse("").strip();
        String code = firstLine.isEmpty() ? "" : firstLine.split("\\s+", 2)[0].toLowerCase(Locale.ROOT);
        return interpret(resp.statusCode(), code, firstLine);
    }

    static Outcome interpret(int httpStatus, String code, String line) {
        String said = "dyndns2 answered '" + AddressText.printable(line) + "' (HTTP " + httpStatus + ")";
        switch (code) {
            case "good":
            case "nochg":
                return Outcome.done(said);
            case "badauth":
                return Outcome.fatal(said + ": user name or password rejected");
            case "!donator":
                return Outcome.fatal(said + ": the account lacks the feature this update needs");
            case "notfqdn":
                return Outcome.fatal(said + ": ddns.name is not a fully qualified name");
            case "nohost":
                return Outcome.fatal(said + ": ddns.name is not in this account");
            case "numhost":
                return Outcome.fatal(said + ": too many hosts, or a round-robin name");
            case "abuse":
                return Outcome.fatal(said + ": the name is blocked for updates");
            case "badagent":
                return Outcome.fatal(said + ": the provider refuses this client");
            case "dnserr":
                return Outcome.retryAfter(said + ": DNS error at the provider", PROVIDER_TROUBLE_WAIT_SECONDS);
            case "911":
                return Outcome.retryAfter(said + ": provider trouble or maintenance", PROVIDER_TROUBLE_WAIT_SECONDS);
            default:
                // Not a dyndns2 answer (a proxy's error page, a 5xx): try again later with backoff.
                return Outcome.retry(said + ": not a dyndns2 return code");
        }
    }
}
