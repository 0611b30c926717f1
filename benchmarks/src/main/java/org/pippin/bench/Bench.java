package org.pippin.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * {@code java -jar pippin-bench.jar forwarding|bandwidth|codec|setup|setup-network|memory|sip [--option value ...]};
 * see README.md.
 */
public final class Bench {

    private Bench() {
    }

    public static void main(String[] args) throws Exception {
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        String which = args.length > 0 ? args[0] : "";
        Args options = new Args(args, 1);
        switch (which) {
            case "forwarding" -> ForwardingBench.main(options);
            case "bandwidth" -> BandwidthBench.main(options);
            case "codec" -> CodecBench.main(options);
            case "setup" -> SetupBench.main(options);
            case "setup-network" -> NetworkSetupBench.main(options);
            case "memory" -> MemoryBench.main(options);
            case "sip" -> SipLoadBench.main(options);
            default -> {
                System.err.println("usage: java -jar pippin-bench.jar forwarding|bandwidth|codec|setup|setup-network"
                        + "|memory|sip [--option value ...] (see benchmarks/README.md)");
                System.exit(2);
            }
        }
    }

    static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
