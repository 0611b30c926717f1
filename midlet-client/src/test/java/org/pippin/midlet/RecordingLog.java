package org.pippin.midlet;

import java.util.ArrayList;
import java.util.List;

/** Keeps event lines for assertions. */
final class RecordingLog implements Log {
    final List<String> events = new ArrayList<>();
    final List<String> infos = new ArrayList<>();

    @Override
    public void event(String text) {
        events.add(text);
    }

    @Override
    public void info(String text) {
        infos.add(text);
    }
}
