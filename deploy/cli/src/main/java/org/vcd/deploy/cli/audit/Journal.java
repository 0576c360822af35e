package org.vcd.deploy.cli.audit;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.vcd.deploy.Json;

/**
 * The audit's memory across runs: an append-only file of JSON lines in the output folder. The first line names
 * the store audited against; every later line is one finished input ({@link JournalEntry}), written and forced
 * to disk before the input counts as finished. A kill can only tear the last line; opening drops a torn tail
 * (and cuts it from the file, so the next line starts clean). An input recorded twice (a retried failure) counts
 * by its last line. One audit at a time may hold a journal: a second gets an error instead of interleaved lines.
 */
public final class Journal implements AutoCloseable {

    public static final String FILE = "journal.jsonl";
    static final String FORMAT = "vcd-audit-journal/1";

    private record Header(String journal, String store) {
    }

    private final Path file;
    private final FileChannel channel;
    private final FileLock lock;
    private final String store;
    private final Map<String, JournalEntry> latest;
    private final int unreadableLines;
    private boolean closed;

    private Journal(Path file, FileChannel channel, FileLock lock, String store, Map<String, JournalEntry> latest,
                    int unreadableLines) {
        this.file = file;
        this.channel = channel;
        this.lock = lock;
        this.store = store;
        this.latest = latest;
        this.unreadableLines = unreadableLines;
    }

    /**
     * Opens the journal in {@code folder} (created if missing), or starts one recording {@code store}.
     *
     * @throws IOException when the folder or file cannot be written, or another audit holds the journal
     */
    public static Journal open(Path folder, String store) throws IOException {
        Files.createDirectories(folder);
        Path file = folder.resolve(FILE);
        boolean created = !Files.exists(file);
        FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE);
        try {
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (OverlappingFileLockException heldInThisProcess) {
                lock = null;
            }
            if (lock == null) {
                throw new IOException("another audit is writing to " + folder);
            }
            if (created) {
                syncFolder(folder); // the new file's name is durable too
            }
            byte[] bytes = readAll(channel);
            int end = bytes.length;
            while (end > 0 && bytes[end - 1] != '\n') {
                end--; // a torn last line: whatever a kill left of it is dropped
            }
            if (end < bytes.length) {
                channel.truncate(end);
                channel.force(true);
            }
            String recordedStore = null;
            Map<String, JournalEntry> latest = new LinkedHashMap<>();
            int unreadable = 0;
            for (String line : new String(bytes, 0, end, StandardCharsets.UTF_8).split("\n")) {
                if (line.isBlank()) {
                    continue;
                }
                try {
                    JsonNode node = Json.MAPPER.readTree(line);
                    if (node.has("journal")) {
                        Header header = Json.MAPPER.treeToValue(node, Header.class);
                        if (!FORMAT.equals(header.journal())) {
                            throw new IOException(file + " is not an audit journal this vcd reads ("
                                    + header.journal() + ")");
                        }
                        recordedStore = header.store();
                    } else {
                        JournalEntry entry = Json.MAPPER.treeToValue(node, JournalEntry.class);
                        latest.remove(entry.query()); // keep the order of last appearance
                        latest.put(entry.query(), entry);
                    }
                } catch (com.fasterxml.jackson.core.JacksonException e) {
                    unreadable++; // only a damaged disk gets here: that input is simply checked again
                }
            }
            channel.position(end);
            Journal journal = new Journal(file, channel, lock, recordedStore == null ? store : recordedStore,
                    latest, unreadable);
            if (recordedStore == null) {
                journal.write(Json.line(new Header(FORMAT, store)));
            }
            return journal;
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    /** The store this journal's audit runs against (from its first line). */
    public String store() {
        return store;
    }

    /** Lines that were complete but could not be read (a damaged disk); their inputs count as not finished. */
    public int unreadableLines() {
        return unreadableLines;
    }

    /** The last entry of every input recorded so far, in order of last appearance. */
    public synchronized List<JournalEntry> entries() {
        return new ArrayList<>(latest.values());
    }

    public synchronized JournalEntry entry(String query) {
        return latest.get(query);
    }

    /** The inputs still to check: those not recorded, and those recorded as failed when {@code retryFailed}. */
    public synchronized List<AuditInput> pending(List<AuditInput> inputs, boolean retryFailed) {
        return inputs.stream().filter(input -> {
            JournalEntry done = latest.get(input.name());
            return done == null || (retryFailed && done.failed());
        }).toList();
    }

    /**
     * Records a finished input durably (written and forced to disk before returning).
     *
     * @return false when the journal was already closed (the audit is stopping): the input is not recorded
     */
    public synchronized boolean append(JournalEntry entry) throws IOException {
        if (closed) {
            return false;
        }
        write(Json.line(entry));
        latest.remove(entry.query());
        latest.put(entry.query(), entry);
        return true;
    }

    private void write(String line) throws IOException {
        ByteBuffer buffer = ByteBuffer.wrap((line + "\n").getBytes(StandardCharsets.UTF_8));
        while (buffer.hasRemaining()) {
            channel.write(buffer);
        }
        channel.force(false);
    }

    @Override
    public synchronized void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        try {
            lock.release();
        } finally {
            channel.close();
        }
    }

    @Override
    public String toString() {
        return file.toString();
    }

    private static byte[] readAll(FileChannel channel) throws IOException {
        long size = channel.size();
        if (size > Integer.MAX_VALUE - 8) {
            throw new IOException("audit journal too large to read: " + size + " bytes");
        }
        ByteBuffer buffer = ByteBuffer.allocate((int) size);
        channel.position(0);
        while (buffer.hasRemaining() && channel.read(buffer) >= 0) {
            // read until full
        }
        return buffer.array();
    }

    private static void syncFolder(Path folder) {
        try (FileChannel dir = FileChannel.open(folder, StandardOpenOption.READ)) {
            dir.force(true);
        } catch (IOException e) {
            // Some file systems cannot sync a folder; the file's own fsyncs still hold.
        }
    }
}
