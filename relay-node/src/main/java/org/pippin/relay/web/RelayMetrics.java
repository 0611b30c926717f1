package org.pippin.relay.web;

import io.prometheus.metrics.config.EscapingScheme;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Info;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;
import org.pippin.relay.Counters;

/**
 * The relay's metrics in the Prometheus text format. Counters are read straight from the relay's atomic
 * {@link Counters}; values the event loop owns (phones, calls, voice rate, uptime) come from the
 * {@link RelaySnapshot} taken for this scrape. Used from the web face's single thread only, which is what makes
 * handing the snapshot to the callbacks through a field safe.
 */
final class RelayMetrics {

    static final String CONTENT_TYPE = PrometheusTextFormatWriter.CONTENT_TYPE;
    static final List<String> PATHS = List.of("/", "/pippin.jad", "/pippin.jar", "/status", "/metrics", "other");

    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final PrometheusTextFormatWriter writer = PrometheusTextFormatWriter.create();
    private final Counter httpRequests;
    private RelaySnapshot current;

    RelayMetrics(String version, Counters counters, int uplinkKbps, List<Health> health) {
        Info.builder().name("pippin_relay_info").help("The relay's version").labelNames("version").register(registry)
                .setLabelValues(version);
        gauge("pippin_uptime_seconds", "Seconds since the relay started", s -> s.uptimeMillis() / 1000.0);
        gauge("pippin_phones_attached", "Phones registered and attached now", RelaySnapshot::attachedPhones);
        gauge("pippin_calls_active", "Calls in progress (ringing or talking)", RelaySnapshot::activeCalls);
        gauge("pippin_voice_bits_per_second", "Forwarded voice incl. 28 bytes IPv4/UDP per packet, last 10 s",
                RelaySnapshot::voiceBitsPerSecond);
        GaugeWithCallback.builder().name("pippin_uplink_budget_bits_per_second")
                .help("Uplink budget for voice (uplink.kbps)").callback(cb -> cb.call(uplinkKbps * 1000.0))
                .register(registry);
        GaugeWithCallback.builder().name("pippin_component_up")
                .help("1 if the component is healthy, 0 if degraded; absent parts are not listed")
                .labelNames("component").callback(cb -> {
                    for (Health h : health) {
                        if (h.state() != Health.State.NOT_CONFIGURED) {
                            cb.call(h.state() == Health.State.OK ? 1 : 0, h.name().toLowerCase(Locale.ROOT));
                        }
                    }
                }).register(registry);
        counter(counters, "pippin_voice_forwarded_packets", "Voice packets sent on to the other leg",
                Counters.Name.VOICE_FORWARDED);
        counter(counters, "pippin_voice_forwarded_direct_packets",
                "Of the forwarded voice packets, those a UDP socket's thread sent on without the event loop",
                Counters.Name.VOICE_FORWARDED_DIRECT);
        counter(counters, "pippin_voice_forwarded_bytes", "Voice packet bytes sent on (without IP/UDP or framing)",
                Counters.Name.VOICE_FORWARDED_BYTES);
        CounterWithCallback.builder().name("pippin_voice_dropped_packets").help("Voice packets dropped, by reason")
                .labelNames("reason").callback(cb -> {
                    for (Counters.Name n : Counters.Name.values()) {
                        String name = n.name();
                        if (name.startsWith("VOICE_DROPPED_")) {
                            cb.call(counters.get(n), name.substring(14).toLowerCase(Locale.ROOT));
                        }
                    }
                }).register(registry);
        counter(counters, "pippin_malformed_frames", "Datagrams or TCP frames that failed to decode",
                Counters.Name.MALFORMED);
        counter(counters, "pippin_signalling_frames_received", "Signalling frames received and accepted",
                Counters.Name.SIGNALLING_RECEIVED);
        counter(counters, "pippin_registrations", "Successful registrations", Counters.Name.REGISTRATIONS);
        counter(counters, "pippin_calls_started", "Calls set up (INVITE forwarded)", Counters.Name.CALLS_STARTED);
        counter(counters, "pippin_calls_answered", "Calls answered", Counters.Name.CALLS_ANSWERED);
        counter(counters, "pippin_voicemail_copy_rounds", "Rounds started to copy a message kept on this relay only",
                Counters.Name.VOICEMAIL_COPY_ROUNDS);
        counter(counters, "pippin_voicemail_copy_rounds_failed", "Of those rounds, the ones no relay took the copy in",
                Counters.Name.VOICEMAIL_COPY_ROUNDS_FAILED);
        counter(counters, "pippin_voicemail_copies_later", "Second copies of messages made by such a round",
                Counters.Name.VOICEMAIL_COPIES_LATER);
        httpRequests = Counter.builder().name("pippin_http_requests").help("Requests to the web face, by path")
                .labelNames("path").register(registry);
        for (String path : PATHS) {
            httpRequests.labelValues(path);
        }
    }

    /** Counts a request; paths other than the served ones count as "other", so label values stay bounded. */
    void request(String path) {
        httpRequests.labelValues(PATHS.contains(path) ? path : "other").inc();
    }

    byte[] scrape(RelaySnapshot snapshot) {
        current = snapshot;
        ByteArrayOutputStream out = new ByteArrayOutputStream(4096);
        try {
            writer.write(out, registry.scrape(), EscapingScheme.UNDERSCORE_ESCAPING);
        } catch (IOException e) {
            throw new UncheckedIOException("writing to memory failed", e);
        }
        return out.toByteArray();
    }

    private void gauge(String name, String help, ToDoubleFunction<RelaySnapshot> value) {
        GaugeWithCallback.builder().name(name).help(help).callback(cb -> cb.call(value.applyAsDouble(current)))
                .register(registry);
    }

    private void counter(Counters counters, String name, String help, Counters.Name counter) {
        CounterWithCallback.builder().name(name).help(help).callback(cb -> cb.call(counters.get(counter)))
                .register(registry);
    }
}
