package org.vcd.deploy.service;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;
import org.vcd.ingest.IngestException;
import org.vcd.matcher.StoreException;

/** Every refusal is a JSON object {@code {"error": "one line"}} with a 4xx status; store trouble is a 503. */
public class ErrorMappers {

    /** The error body of every failed request. */
    public record ErrorBody(String error) {
    }

    @ServerExceptionMapper
    public Response refused(RefusedInput e) {
        return body(e.status(), e.getMessage());
    }

    /** The video itself was unusable (not decodable, no video stream, truncated, too long). */
    @ServerExceptionMapper
    public Response unusableVideo(IngestException e) {
        return body(422, e.getMessage());
    }

    @ServerExceptionMapper
    public Response store(StoreException e) {
        return body(503, "the frame store is unavailable: " + e.getMessage());
    }

    static Response body(int status, String message) {
        return Response.status(status).type(MediaType.APPLICATION_JSON)
                .entity(new ErrorBody(oneLine(message))).build();
    }

    /** Control characters from file names or URIs never break a log or error line. */
    static String oneLine(String message) {
        return message == null ? "" : message.replaceAll("\\p{Cntrl}", "?");
    }
}
