package javax.microedition.media.control;

import java.io.OutputStream;

import javax.microedition.media.Control;
import javax.microedition.media.MediaException;

/**
 * Compile-time API of JSR-135's RecordControl (MMAPI 1.1), which the MIDP 2.0 audio subset lacks and for which no
 * API jar is published. It is a library for the phone build only: never packaged, the phone supplies the real one.
 */
public interface RecordControl extends Control {

    void setRecordStream(OutputStream stream);

    void setRecordLocation(String locator) throws java.io.IOException, MediaException;

    String getContentType();

    void startRecord();

    void stopRecord();

    void commit() throws java.io.IOException;

    int setRecordSizeLimit(int size) throws MediaException;

    void reset() throws java.io.IOException;
}
