package org.vcd.deploy.events;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.vcd.deploy.Json;
import org.vcd.matcher.StoreException;

/**
 * The processed-event record of one machine: one append-only file of JSON lines, loaded into memory on open and
 * locked against other processes. A crash can tear only the last line, which is dropped on the next open. Shared by
 * the worker threads of one process.
 */
final class ProcessedEventsFile implements ProcessedEvents {

    static final String FILE = "processed-events.jsonl";

    private record Entry(String eventId, String topic, int partition, long offset) {
        Position position() {
            return new Position(topic, partition, offset);
        }
    }

    private final Path file;
    private final FileChannel channel;
    private final FileLock lock;
    private final Map<String, Position> positions;

    private ProcessedEventsFile(Path file, FileChannel channel, FileLock lock, Map<String, Position> positions) {
        this.file = file;
        this.channel = channel;
        this.lock = lock;
        this.positions = positions;
    }

    static ProcessedEventsFile open(Path dir) {
        Path file = dir.resolve(FILE);
        FileChannel channel = null;
        try {
            Files.createDirectories(dir);
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                    StandardOpenOption.WRITE);
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (OverlappingFileLockException e) {
                lock = null;
            }
            if (lock == null) {
                throw new StoreException("processed-event record " + file + " is in use by another worker process");
            }
            Map<String, Position> positions = new HashMap<>();
            long good = load(file, positions);
            channel.truncate(good); // drop a line torn by a crash, so the next append starts clean
            channel.position(good);
            return new ProcessedEventsFile(file, channel, lock, positions);
        } catch (IOException e) {
            closeQuietly(channel);
            throw new StoreException("cannot open processed-event record " + file + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            closeQuietly(channel);
            throw e;
        }
    }

    /** Reads every complete line; returns the length of the file up to the end of the last good line. */
    private static long load(Path file, Map<String, Position> positions) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        int start = 0;
        for (int end; (end = indexOf(bytes, (byte) '\n', start)) >= 0; start = end + 1) {
            String line = new String(bytes, start, end - start, StandardCharsets.UTF_8);
            Entry entry;
            try {
                entry = Json.MAPPER.readValue(line, Entry.class);
            } catch (IOException e) {
                throw new IOException("line at byte " + start + " is not a processed-event entry", e);
            }
            positions.put(entry.eventId(), entry.position());
        }
        return start; // an unterminated tail is a torn write
    }

    private static int indexOf(byte[] bytes, byte b, int from) {
        for (int i = from; i < bytes.length; i++) {
            if (bytes[i] == b) {
                return i;
            }
        }
        return -1;
    }

    @Override
    public synchronized Optional<Position> lookup(String eventId) {
        return Optional.ofNullable(positions.get(eventId));
    }

    @Override
    public synchronized void record(String eventId, Position position) {
        byte[] line = (Json.line(new Entry(eventId, position.topic(), position.partition(), position.offset()))
                + "\n").getBytes(StandardCharsets.UTF_8);
        long before = -1;
        try {
            before = channel.position();
            ByteBuffer buffer = ByteBuffer.wrap(line);
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
            channel.force(false);
        } catch (IOException e) {
            truncateQuietly(before); // a half-written line would make the next open refuse the file
            throw new StoreException("cannot write processed-event record " + file + ": " + e.getMessage(), e);
        }
        positions.put(eventId, position);
    }

    @Override
    public synchronized void close() {
        try {
            lock.release();
            channel.close();
        } catch (IOException e) {
            throw new StoreException("cannot close processed-event record " + file + ": " + e.getMessage(), e);
        }
    }

    private void truncateQuietly(long size) {
        try {
            if (size >= 0) {
                channel.truncate(size);
                channel.position(size);
            }
        } catch (IOException ignored) {
            // The write error is reported; a torn tail is also dropped on the next open.
        }
    }

    private static void closeQuietly(FileChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // Already failing with the more useful error.
            }
        }
    }
}
