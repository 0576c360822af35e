package org.vcd.deploy.service;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Video containers the service accepts, recognised by their first bytes (never by the client's file name or
 * declared type), and the file extension the service stores them under.
 */
public enum VideoContainer {
    MP4("mp4", "video/mp4"),
    MATROSKA("mkv", "video/x-matroska"),
    AVI("avi", "video/x-msvideo"),
    OGG("ogv", "video/ogg"),
    MPEG_TS("ts", "video/mp2t"),
    MPEG_PS("mpg", "video/mpeg"),
    FLV("flv", "video/x-flv");

    /** Enough for every signature below, including three M2TS (192-byte) packets. */
    static final int SNIFF_BYTES = 4 + 2 * 192 + 1;

    /** Declared types a video part may carry: generic binary (what most clients send) or a video/ type. */
    private static final Set<String> GENERIC_TYPES = Set.of("application/octet-stream", "application/mp4",
            "application/ogg", "application/x-matroska");
    private static final Set<String> QUICKTIME_BOXES = Set.of("ftyp", "moov", "mdat", "wide", "free", "skip");

    private final String extension;
    private final String mediaType;

    VideoContainer(String extension, String mediaType) {
        this.extension = extension;
        this.mediaType = mediaType;
    }

    public String extension() {
        return extension;
    }

    public String mediaType() {
        return mediaType;
    }

    /** The container whose signature {@code file} starts with; empty for anything else (text, images, ...). */
    public static Optional<VideoContainer> sniff(Path file) throws IOException {
        byte[] head;
        try (InputStream in = Files.newInputStream(file)) {
            head = in.readNBytes(SNIFF_BYTES);
        }
        return sniff(head);
    }

    static Optional<VideoContainer> sniff(byte[] head) {
        if (head.length >= 8 && QUICKTIME_BOXES.contains(ascii(head, 4, 4))) {
            return Optional.of(MP4);
        }
        if (startsWith(head, 0x1A, 0x45, 0xDF, 0xA3)) {
            return Optional.of(MATROSKA);
        }
        if (head.length >= 12 && ascii(head, 0, 4).equals("RIFF") && ascii(head, 8, 4).equals("AVI ")) {
            return Optional.of(AVI);
        }
        if (ascii(head, 0, 4).equals("OggS")) {
            return Optional.of(OGG);
        }
        if (startsWith(head, 0x00, 0x00, 0x01, 0xBA)) {
            return Optional.of(MPEG_PS);
        }
        if (startsWith(head, 'F', 'L', 'V', 0x01)) {
            return Optional.of(FLV);
        }
        if (transportStreamSync(head, 0, 188) || transportStreamSync(head, 4, 192)) {
            return Optional.of(MPEG_TS);
        }
        return Optional.empty();
    }

    /** Whether a declared part or response content type may hold a video; a missing type is allowed. */
    public static boolean acceptableDeclaredType(String contentType) {
        if (contentType == null || contentType.isBlank()) {
            return true;
        }
        String type = contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        return type.startsWith("video/") || GENERIC_TYPES.contains(type);
    }

    /** Three sync bytes a packet apart: one 0x47 byte alone is too common to mean anything. */
    private static boolean transportStreamSync(byte[] head, int offset, int packet) {
        if (head.length < offset + 2 * packet + 1) {
            return false;
        }
        return head[offset] == 0x47 && head[offset + packet] == 0x47 && head[offset + 2 * packet] == 0x47;
    }

    private static boolean startsWith(byte[] head, int... signature) {
        if (head.length < signature.length) {
            return false;
        }
        for (int i = 0; i < signature.length; i++) {
            if ((head[i] & 0xff) != signature[i]) {
                return false;
            }
        }
        return true;
    }

    private static String ascii(byte[] head, int from, int length) {
        if (head.length < from + length) {
            return "";
        }
        return new String(Arrays.copyOfRange(head, from, from + length), StandardCharsets.ISO_8859_1);
    }
}
