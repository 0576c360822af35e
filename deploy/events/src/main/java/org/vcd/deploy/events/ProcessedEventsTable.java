package org.vcd.deploy.events;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;
import javax.sql.DataSource;
import org.vcd.matcher.StoreException;

/**
 * The processed-event record in a SQL table, one row per (consumer group, event id), read and written per event (no
 * cache: another worker process may have written it). Each write is its own auto-committed statement, durable in
 * PostgreSQL when it returns. Two copies of one event share a key, so one partition and one thread: a row is never
 * written by two workers at once, and update-then-insert needs no upsert dialect.
 */
final class ProcessedEventsTable implements ProcessedEvents {

    static final String TABLE = "vcd_processed_event";

    private static final String CREATE = "CREATE TABLE IF NOT EXISTS " + TABLE + " ("
            + "consumer_group VARCHAR(256) NOT NULL, event_id VARCHAR(256) NOT NULL, topic VARCHAR(256) NOT NULL, "
            + "kafka_partition INTEGER NOT NULL, kafka_offset BIGINT NOT NULL, PRIMARY KEY (consumer_group, event_id))";

    private final DataSource database;
    private final String group;

    private ProcessedEventsTable(DataSource database, String group) {
        this.database = database;
        this.group = group;
    }

    static ProcessedEventsTable open(DataSource database, String group) {
        try (Connection c = database.getConnection(); Statement s = c.createStatement()) {
            s.execute(CREATE);
        } catch (SQLException e) {
            // Two processes creating the table at once: PostgreSQL may refuse the loser; the table is there then.
            try (Connection c = database.getConnection(); Statement s = c.createStatement()) {
                s.executeQuery("SELECT 1 FROM " + TABLE + " WHERE 1 = 0").close();
            } catch (SQLException again) {
                throw new StoreException("cannot create the processed-event table " + TABLE + ": " + e.getMessage(), e);
            }
        }
        return new ProcessedEventsTable(database, group);
    }

    @Override
    public Optional<Position> lookup(String eventId) {
        try (Connection c = database.getConnection(); PreparedStatement q = c.prepareStatement(
                "SELECT topic, kafka_partition, kafka_offset FROM " + TABLE
                        + " WHERE consumer_group = ? AND event_id = ?")) {
            q.setString(1, group);
            q.setString(2, eventId);
            try (ResultSet rows = q.executeQuery()) {
                return rows.next() ? Optional.of(new Position(rows.getString(1), rows.getInt(2), rows.getLong(3)))
                        : Optional.empty();
            }
        } catch (SQLException e) {
            throw new StoreException("cannot read the processed-event table: " + e.getMessage(), e);
        }
    }

    @Override
    public void record(String eventId, Position position) {
        try (Connection c = database.getConnection()) {
            c.setAutoCommit(true);
            try (PreparedStatement update = c.prepareStatement("UPDATE " + TABLE
                    + " SET topic = ?, kafka_partition = ?, kafka_offset = ? WHERE consumer_group = ? AND event_id = ?")) {
                update.setString(1, position.topic());
                update.setInt(2, position.partition());
                update.setLong(3, position.offset());
                update.setString(4, group);
                update.setString(5, eventId);
                if (update.executeUpdate() == 1) {
                    return;
                }
            }
            try (PreparedStatement insert = c.prepareStatement("INSERT INTO " + TABLE
                    + " (consumer_group, event_id, topic, kafka_partition, kafka_offset) VALUES (?, ?, ?, ?, ?)")) {
                insert.setString(1, group);
                insert.setString(2, eventId);
                insert.setString(3, position.topic());
                insert.setInt(4, position.partition());
                insert.setLong(5, position.offset());
                insert.executeUpdate();
            }
        } catch (SQLException e) {
            throw new StoreException("cannot write the processed-event table: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        // The data source belongs to the caller.
    }
}
