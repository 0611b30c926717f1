package org.pippin.relay.web;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.util.concurrent.ImmediateEventExecutor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.pippin.relay.Counters;
import org.pippin.relay.RelayConfig;

/**
 * The web face's pipeline, as WebServer builds it, fed arbitrary bytes in arbitrary pieces: no exception reaches the
 * end of the pipeline, and everything written back is HTTP/1.1 responses whose JADs hold only {@code name: value}
 * lines (a Host header can never add an attribute).
 */
class WebFaceFuzzTest {
    private static final WebHandler.Shared SHARED;

    static {
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        try {
            WebConfig config = RelayConfig.of().web;
            OtaFiles ota = OtaFiles.load(config.jadAttributes);
            SHARED = new WebHandler.Shared(config, 7070, ota, Pages.install(ota.midletVersion(), ota.jar().length),
                new RelayMetrics("fuzz", new Counters(), config.uplinkKbps, List.of()),
                () -> ImmediateEventExecutor.INSTANCE.newSucceededFuture(new RelaySnapshot(1, 0, 31_600, 1000)),
                List.of(), "fuzz");
        } catch (IOException | RelayConfig.ConfigException e) {
            throw new IllegalStateException(e);
        }
    }

    @FuzzTest(maxDuration = "10s")
    void requests(FuzzedDataProvider in) {
        EmbeddedChannel web = new EmbeddedChannel(
            new HttpServerCodec(WebServer.MAX_INITIAL_LINE, WebServer.MAX_HEADERS, WebServer.MAX_BODY),
            new HttpObjectAggregator(WebServer.MAX_BODY), new WebHandler(SHARED));
        StringBuilder out = new StringBuilder();
        try {
            while (in.remainingBytes() > 0 && web.isOpen()) {
                web.writeInbound(Unpooled.wrappedBuffer(in.consumeBytes(in.consumeInt(1, 300))));
                web.checkException();
                for (Object o; (o = web.readOutbound()) != null; ) {
                    ByteBuf b = (ByteBuf) o;
                    out.append(b.toString(StandardCharsets.ISO_8859_1));
                    b.release();
                }
            }
        } finally {
            web.finishAndReleaseAll();
        }
        String text = out.toString();
        assertTrue(text.isEmpty() || text.startsWith("HTTP/1.1 "), "not a response: " + head(text));
        for (int at = text.indexOf(WebHandler.JAD_TYPE); at >= 0; at = text.indexOf(WebHandler.JAD_TYPE, at + 1)) {
            int body = text.indexOf("\r\n\r\n", at) + 4;
            int next = text.indexOf("HTTP/1.1 ", body);
            for (String line : text.substring(body, next < 0 ? text.length() : next).split("\r?\n")) {
                assertTrue(line.isEmpty() || line.matches("[A-Za-z0-9-]+: [^\r\n]*"), "JAD line: " + line);
            }
        }
    }

    private static String head(String s) {
        return s.length() > 80 ? s.substring(0, 80) : s;
    }
}
