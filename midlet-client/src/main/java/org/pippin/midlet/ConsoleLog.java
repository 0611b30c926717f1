package org.pippin.midlet;

import java.io.PrintStream;

/** {@link Log} on a console stream: MicroEmulator passes the MIDlet's System.out through to its own stdout. */
public final class ConsoleLog implements Log {

    public static final String EVENT_PREFIX = "PIPPIN EVENT ";
    private static final String INFO_PREFIX = "pippin: ";

    private final PrintStream out;

    public ConsoleLog(PrintStream out) {
        this.out = out;
    }

    // Synchronized so lines from the receive and timer threads never interleave.
    public synchronized void event(String text) {
        out.println(EVENT_PREFIX + text);
        out.flush();
    }

    public synchronized void info(String text) {
        out.println(INFO_PREFIX + text);
        out.flush();
    }
}
