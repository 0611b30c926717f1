package org.pippin.protocol;

import static org.junit.jupiter.api.Assertions.fail;

import java.lang.management.ManagementFactory;

/**
 * Bytes a piece of code allocates on this thread (HotSpot's per-thread counter), for fuzz tests asserting that a
 * decoder's allocation follows its input's size, never a length field it has not checked against the input.
 */
public final class Allocation {
    /** Room for an exception with its stack trace and message; far below what one unchecked length would take. */
    public static final long SLACK = 64 * 1024;

    private static final com.sun.management.ThreadMXBean THREADS =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    public interface Body {
        void run() throws Exception;
    }

    private Allocation() {
    }

    /**
     * Runs {@code body} and fails if it allocated more than {@code factor} bytes per input byte plus {@link #SLACK}.
     * An excess is measured again once: the first run of a path also loads classes, which allocates on this thread.
     */
    public static void bounded(int inputLength, int factor, Body body) throws Exception {
        bounded(inputLength, factor, SLACK, body);
    }

    /** As {@link #bounded(int, int, Body)} with {@code slack} instead of {@link #SLACK}. */
    public static void bounded(int inputLength, int factor, long slack, Body body) throws Exception {
        long limit = slack + (long) factor * inputLength;
        long used = measure(body);
        if (used > limit && (used = measure(body)) > limit) {
            fail("allocated " + used + " bytes for " + inputLength + " input bytes, limit " + limit);
        }
    }

    private static long measure(Body body) throws Exception {
        long before = THREADS.getCurrentThreadAllocatedBytes();
        body.run();
        return THREADS.getCurrentThreadAllocatedBytes() - before;
    }
}
