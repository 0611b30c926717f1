package org.pippin.relay.voicemail;

/** What a listing shows of one message, without its audio; {@code bytes} is its size on disk. */
public record MessageInfo(long id, String owner, String caller, long timeMillis, long durationMillis, int codec,
        boolean heard, long bytes) {
}
