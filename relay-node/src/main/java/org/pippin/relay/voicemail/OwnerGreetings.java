package org.pippin.relay.voicemail;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.zip.CRC32;
import org.pippin.codec.Codecs;
import org.pippin.codec.VoiceCodec;
import org.pippin.protocol.Numbers;
import org.pippin.protocol.Wire;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The owners' own greetings, one file per owner and kind in the owner's directory of the message store
 * ({@code greeting-busy.pvg}, {@code greeting-unavailable.pvg}), written crash-safely ({@link DurableFiles}) once the
 * whole upload is in, so a half-uploaded greeting is never played. In memory each is kept ready in every codec
 * (transcoded once when stored, not per call) with the beep appended: the caller must hear when recording starts.
 *
 * <pre>
 * +--------+--------+-------------------+----------------+---------+
 * | "PVG1" | codec  | length (u32)      | codec frames   | CRC-32  |
 * +--------+--------+-------------------+----------------+---------+
 * </pre>
 */
final class OwnerGreetings {

    private static final Logger LOG = LoggerFactory.getLogger(OwnerGreetings.class);
    private static final byte[] MAGIC = "PVG1".getBytes(StandardCharsets.US_ASCII);
    private static final int FIXED_BYTES = 4 + 1 + 4 + 4;
    private static final String[] FILES = {"greeting-unavailable.pvg", "greeting-busy.pvg"};

    private final Path dir;
    private final Greetings defaults;
    /** "owner/kind" -> [codec] -> the greeting's frames then the beep. Read on the loop, written by the worker. */
    private final Map<String, byte[][]> ready = new ConcurrentHashMap<>();

    private OwnerGreetings(Path dir, Greetings defaults) {
        this.dir = dir;
        this.defaults = defaults;
    }

    /** Reads the greetings under the store's directory {@code dir}; one that fails its check is set aside. */
    static OwnerGreetings open(Path dir, Greetings defaults) throws IOException {
        OwnerGreetings g = new OwnerGreetings(dir, defaults);
        try (DirectoryStream<Path> owners = Files.newDirectoryStream(dir)) {
            for (Path ownerDir : owners) {
                String owner = ownerDir.getFileName().toString();
                if (Files.isDirectory(ownerDir) && !owner.isEmpty() && Numbers.isValid(owner)) {
                    g.load(owner, ownerDir);
                }
            }
        }
        return g;
    }

    private void load(String owner, Path ownerDir) throws IOException {
        for (int kind = 0; kind < FILES.length; kind++) {
            Path f = ownerDir.resolve(FILES[kind]);
            if (!Files.exists(f)) {
                continue;
            }
            byte[] b = Files.readAllBytes(f);
            try {
                int codec = codecOf(b);
                ready.put(key(owner, kind), prepare(codec, b, FIXED_BYTES - 4, b.length - FIXED_BYTES));
            } catch (StoreException e) {
                LOG.warn("voicemail: setting {} aside: {}", f, e.getMessage());
                Files.move(f, f.resolveSibling(FILES[kind] + MessageStore.BAD),
                        java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                DurableFiles.syncDirectory(ownerDir);
            }
        }
    }

    /** The owner's greeting of {@code kind} (a Wire.GREETING_*) in {@code codec}, beep included; null if none. */
    byte[] frames(String owner, int kind, int codec) {
        byte[][] g = ready.get(key(owner, kind));
        return g == null ? null : g[codec];
    }

    boolean has(String owner, int kind) {
        return ready.containsKey(key(owner, kind));
    }

    /** Disk worker: stores the greeting (whole codec frames of {@code codec}) and makes it the one played. */
    void save(String owner, int kind, int codec, byte[] audio) throws IOException {
        byte[][] prepared;
        try {
            prepared = prepare(codec, audio, 0, audio.length);
        } catch (StoreException e) {
            throw new IOException(e.getMessage(), e);
        }
        Path ownerDir = dir.resolve(owner);
        Files.createDirectories(ownerDir);
        DurableFiles.writeAtomically(ownerDir.resolve(FILES[kind]), encode(codec, audio));
        ready.put(key(owner, kind), prepared);
    }

    /** Disk worker: deletes the greeting so the default plays again; whether there was one. */
    boolean delete(String owner, int kind) throws IOException {
        ready.remove(key(owner, kind));
        return DurableFiles.deleteDurably(dir.resolve(owner).resolve(FILES[kind]));
    }

    static byte[] encode(int codec, byte[] audio) {
        ByteBuffer b = ByteBuffer.allocate(FIXED_BYTES + audio.length);
        b.put(MAGIC).put((byte) codec).putInt(audio.length).put(audio);
        CRC32 crc = new CRC32();
        crc.update(b.array(), 0, b.position());
        b.putInt((int) crc.getValue());
        return b.array();
    }

    /** The codec of a greeting file, after checking its magic, length and CRC. */
    static int codecOf(byte[] b) throws StoreException {
        if (b.length < FIXED_BYTES) {
            throw new StoreException("greeting file of " + b.length + " bytes");
        }
        ByteBuffer in = ByteBuffer.wrap(b);
        for (byte m : MAGIC) {
            if (in.get() != m) {
                throw new StoreException("not a greeting file");
            }
        }
        int codec = in.get() & 0xFF;
        int length = in.getInt();
        if (length != b.length - FIXED_BYTES) {
            throw new StoreException("greeting length " + length + " in a file of " + b.length + " bytes");
        }
        CRC32 crc = new CRC32();
        crc.update(b, 0, b.length - 4);
        if (in.getInt(b.length - 4) != (int) crc.getValue()) {
            throw new StoreException("greeting file fails its CRC");
        }
        return codec;
    }

    /** The greeting in every codec voicemail plays (PCMU, GSM, Speex), each followed by the beep. */
    private byte[][] prepare(int codec, byte[] b, int off, int len) throws StoreException {
        int frameBytes = GreetingUpload.plays(codec) ? Wire.codecFrameBytes(codec) : -1;
        if (frameBytes < 0) {
            throw new StoreException("greeting in codec " + codec);
        }
        int frames = len / frameBytes;
        if (len % frameBytes != 0 || frames == 0 || frames > Wire.GREETING_MAX_FRAMES) {
            throw new StoreException("greeting of " + len + " bytes is not 1.." + Wire.GREETING_MAX_FRAMES + " "
                    + Wire.codecName(codec) + " frames");
        }
        VoiceCodec decoder = Codecs.create(codec);
        short[] pcm = new short[frames * decoder.frameSamples()];
        for (int i = 0; i < frames; i++) {
            decoder.decode(b, off + i * frameBytes, pcm, i * decoder.frameSamples());
        }
        byte[][] out = new byte[3][];
        for (int c : new int[] {Wire.CODEC_PCMU, Wire.CODEC_GSM, Wire.CODEC_SPEEX}) {
            byte[] voice = Greetings.encode(Codecs.create(c), pcm);
            byte[] beep = defaults.beep(c);
            out[c] = new byte[voice.length + beep.length];
            System.arraycopy(voice, 0, out[c], 0, voice.length);
            System.arraycopy(beep, 0, out[c], voice.length, beep.length);
        }
        return out;
    }

    private static String key(String owner, int kind) {
        return owner + '/' + kind;
    }
}
