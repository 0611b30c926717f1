package org.pippin.emulator;

import java.util.List;

/**
 * One machine-readable line a MIDlet printed: {@code PIPPIN EVENT <name> <args...>}.
 *
 * @param process   name of the process that printed it (for messages)
 * @param name      event name, e.g. {@code ringing}
 * @param args      the space-separated words after the name
 * @param atNanos   {@link System#nanoTime()} when the harness read the line
 */
record Event(String process, String name, List<String> args, long atNanos) {
    static final String PREFIX = "PIPPIN EVENT ";

    /** Parses a line, or returns null when it is not an event line. */
    static Event parse(String process, String line, long atNanos) {
        if (!line.startsWith(PREFIX)) {
            return null;
        }
        String[] words = line.substring(PREFIX.length()).trim().split(" +");
        if (words.length == 0 || words[0].isEmpty()) {
            return null;
        }
        return new Event(process, words[0], List.of(words).subList(1, words.length), atNanos);
    }

    String arg(int index) {
        if (index >= args.size()) {
            throw new AssertionError(process + ": event '" + this + "' has no argument " + index);
        }
        return args.get(index);
    }

    /** Value of a {@code key=value} argument, e.g. {@code sent} in {@code audio-stats}. */
    long counter(String key) {
        String prefix = key + "=";
        for (String arg : args) {
            if (arg.startsWith(prefix)) {
                try {
                    return Long.parseLong(arg.substring(prefix.length()));
                } catch (NumberFormatException e) {
                    throw new AssertionError(process + ": bad number in '" + this + "'", e);
                }
            }
        }
        throw new AssertionError(process + ": event '" + this + "' has no " + key + "=");
    }

    @Override
    public String toString() {
        return args.isEmpty() ? name : name + " " + String.join(" ", args);
    }
}
