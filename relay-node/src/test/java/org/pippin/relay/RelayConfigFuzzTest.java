package org.pippin.relay;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.code_intelligence.jazzer.mutation.annotation.NotNull;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The relay's configuration from an arbitrary properties file: it loads or fails with {@link
 * RelayConfig.ConfigException} (which Main prints as one line), never with anything else.
 */
class RelayConfigFuzzTest {
    private static final Path FILE;

    static {
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        try {
            FILE = Files.createTempFile("pippin-fuzz", ".conf");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        FILE.toFile().deleteOnExit();
    }

    @FuzzTest(maxDuration = "10s")
    void load(@NotNull String text) throws IOException {
        Files.write(FILE, text.getBytes(StandardCharsets.UTF_8));
        try {
            RelayConfig.load(FILE, List.of());
        } catch (RelayConfig.ConfigException e) {
            // The documented refusal.
        }
    }
}
