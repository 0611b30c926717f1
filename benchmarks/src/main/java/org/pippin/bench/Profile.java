package org.pippin.bench;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordingFile;

/**
 * One window of the relay under Java Flight Recorder (started and stopped with jcmd, so the measured windows run
 * without it): bytes allocated by the relay's network threads (its event loop and its UDP sockets' threads) per
 * forwarded packet (exact, from each thread's allocation counter at the start and end of the recording), where CPU
 * samples land, and which classes the samples allocate.
 */
final class Profile {

    private Profile() {
    }

    static void relayWindow(Proc relay, Load load, int calls, int ptime, int size, Path dir) throws Exception {
        Path jfr = dir.resolve("relay.jfr");
        String pid = Long.toString(relay.pid());
        Proc.run(List.of("jcmd", pid, "JFR.start", "name=bench", "settings=profile"));
        long before = load.receivedTotal();
        load.run(calls, ptime, size, 0.5, 5, () -> { });
        long packets = load.receivedTotal() - before;
        Proc.run(List.of("jcmd", pid, "JFR.stop", "name=bench", "filename=" + jfr));
        Map<String, long[]> allocated = new HashMap<>();
        Map<String, Long> samples = new HashMap<>();
        Map<String, Long> classes = new HashMap<>();
        long total = 0;
        for (RecordedEvent e : RecordingFile.readAllEvents(jfr)) {
            String type = e.getEventType().getName();
            if (type.equals("jdk.ThreadAllocationStatistics")) {
                String thread = e.getThread("thread") == null ? "?" : e.getThread("thread").getJavaName();
                long v = e.getLong("allocated");
                allocated.merge(thread, new long[] {v, v}, (x, y) -> new long[] {Math.min(x[0], y[0]),
                    Math.max(x[1], y[1])});
            } else if ((type.equals("jdk.ExecutionSample") || type.equals("jdk.NativeMethodSample"))
                    && e.getStackTrace() != null
                    && !e.getStackTrace().getFrames().isEmpty()) {
                RecordedFrame top = e.getStackTrace().getFrames().get(0);
                String where = top.getMethod().getType().getName() + "." + top.getMethod().getName();
                samples.merge(type.endsWith("NativeMethodSample") ? "(native) " + where : where, 1L, Long::sum);
                total++;
            } else if (type.equals("jdk.ObjectAllocationSample") && e.getThread("eventThread") != null
                    && isNetworkThread(e.getThread("eventThread").getJavaName())) {
                classes.merge(e.getClass("objectClass").getName(), e.getLong("weight"), Long::sum);
            }
        }
        System.out.printf("%nprofile: %d calls at %d ms, %d packets forwarded under JFR%n", calls, ptime, packets);
        long[] sum = {0};
        allocated.forEach((thread, v) -> {
            if (isNetworkThread(thread)) {
                System.out.printf("  %s allocated %d bytes%n", thread, v[1] - v[0]);
                sum[0] += v[1] - v[0];
            }
        });
        System.out.printf("  network threads together: %d bytes = %.1f bytes per forwarded packet%n", sum[0],
                sum[0] / (double) Math.max(1, packets));
        System.out.printf("  samples (%d; Java code running, or in a native call), top frames:%n", total);
        long shown = total;
        samples.entrySet().stream().sorted((x, y) -> Long.compare(y.getValue(), x.getValue())).limit(12)
                .forEach(s -> System.out.printf("    %5.1f %%  %s%n", 100.0 * s.getValue() / shown, s.getKey()));
        System.out.println("  allocation samples on the network threads (estimated bytes by class):");
        classes.entrySet().stream().sorted((x, y) -> Long.compare(y.getValue(), x.getValue())).limit(8)
                .forEach(c -> System.out.printf("    %,14d  %s%n", c.getValue(), c.getKey()));
    }

    /** The relay's event loop ("pippin-relay-…") and its UDP sockets' threads ("pippin-voice-…"). */
    private static boolean isNetworkThread(String name) {
        return name.startsWith("pippin-relay") || name.startsWith("pippin-voice");
    }

}
