package org.vcd.deploy.events;

import java.nio.file.Path;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * Which record each event id was processed from: the durable memory that makes a re-sent event (same id, new
 * record) have one outcome. An entry is written, durably, before the Kafka transaction that publishes the outcome
 * commits; it only counts once the consumer group's committed offset has passed its record (see
 * {@link EventWorker}), so an entry from a transaction that aborted or never committed is ignored. Shared by the
 * worker threads of a process.
 */
public interface ProcessedEvents extends AutoCloseable {

    /** Where an event's outcome was decided: its record on the uploads topic. */
    record Position(String topic, int partition, long offset) {
    }

    /** Where {@code eventId} was last processed from, if it ever was (whether or not that outcome committed). */
    Optional<Position> lookup(String eventId);

    /** Notes that {@code eventId} is being decided at {@code position}; durable when this returns. */
    void record(String eventId, Position position);

    @Override
    void close();

    /** The one-machine record: a file in {@code dir} (created if missing), refused while another process holds it. */
    static ProcessedEvents open(Path dir) {
        return ProcessedEventsFile.open(dir);
    }

    /**
     * The stateless record for cluster mode: a table in a shared SQL database (PostgreSQL; created if missing), so
     * any worker process of {@code group} sees every other's decisions and keeps nothing on its own disk.
     */
    static ProcessedEvents inDatabase(DataSource database, String group) {
        return ProcessedEventsTable.open(database, group);
    }
}
