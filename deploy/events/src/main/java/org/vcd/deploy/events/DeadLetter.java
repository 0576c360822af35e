package org.vcd.deploy.events;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * An event that can never succeed, parked on the dead-letter topic with its reason and the exact payload, so it
 * can be inspected and replayed once fixed. Key: the original record's key.
 *
 * @param eventId null when the payload was unreadable
 * @param payload the original record value, unchanged
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DeadLetter(int schema, Rejection reason, String detail, String message, String eventId,
                         String videoId, String topic, int partition, long offset, String payload, String failedAt,
                         String worker) {
}
