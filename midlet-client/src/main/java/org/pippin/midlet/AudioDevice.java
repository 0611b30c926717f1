package org.pippin.midlet;

import java.io.IOException;

/** Opens the audio of one call: MMAPI on a phone, WAV files in tests (Pippin-Audio). */
public interface AudioDevice {

    AudioSource openSource() throws IOException;

    AudioSink openSink() throws IOException;
}
