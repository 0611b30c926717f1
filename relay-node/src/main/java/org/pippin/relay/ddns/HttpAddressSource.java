package org.pippin.relay.ddns;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Asks "what is my address" services: a GET whose whole body is the caller's address, as the common checkip
 * services answer. Each URL gives one address (one for IPv4, one for IPv6 if the operator lists both). The answer is
 * strictly a literal, bounded in size, and only a public-looking unicast address is believed.
 */
final class HttpAddressSource implements AddressSource {

    /** The longest IPv6 literal is 45 characters; room for a trailing newline and spaces. */
    static final int MAX_BODY = 64;

    private final List<URI> urls;
    private final Duration timeout;
    private final BoundedHttp http;

    HttpAddressSource(List<URI> urls, int timeoutSeconds) {
        this.urls = List.copyOf(urls);
        this.timeout = Duration.ofSeconds(timeoutSeconds);
        this.http = new BoundedHttp(timeout);
    }

    @Override
    public List<InetAddress> discover() throws IOException {
        List<InetAddress> out = new ArrayList<>();
        for (URI url : urls) {
            InetAddress a = ask(url);
            if (!out.contains(a)) {
                out.add(a);
            }
        }
        return AddressSource.sorted(out);
    }

    private InetAddress ask(URI url) throws IOException {
        HttpRequest req = HttpRequest.newBuilder(url).timeout(timeout).GET()
                .header("User-Agent", Dyndns2Updater.USER_AGENT).build();
        HttpResponse<byte[]> resp;
        try {
            resp = http.send(req, MAX_BODY);
        } catch (InterruptedIOException e) {
            throw e;
        } catch (IOException e) {
            throw new IOException(url + ": " + e.getMessage(), e);
        }
        if (resp.statusCode() != 200) {
            throw new IOException(url + ": HTTP " + resp.statusCode());
        }
        String text = new String(resp.body(), StandardCharsets.US_ASCII).strip();
        InetAddress a;
        try {
            a = AddressText.parse(text);
        } catch (IllegalArgumentException e) {
            throw new IOException(url + ": " + e.getMessage(), e);
        }
        if (a.isAnyLocalAddress() || a.isLoopbackAddress() || a.isLinkLocalAddress() || a.isMulticastAddress()) {
            throw new IOException(url + ": answered " + a.getHostAddress() + ", which no one else can reach");
        }
        return a;
    }
}
