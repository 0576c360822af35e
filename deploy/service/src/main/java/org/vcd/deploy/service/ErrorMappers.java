package org.vcd.deploy.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import io.quarkus.security.ForbiddenException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;
import org.vcd.domain.Messages;
import org.vcd.ingest.IngestException;
import org.vcd.matcher.StoreException;

/**
 * Every refusal and failure is a JSON object {@code {"error": "one line"}}: the service's own refusals, the video
 * the ingest stage refused (422), store trouble (503), bodies that are not the JSON expected (400), the framework's
 * 404, 405, 415 and the like, and anything unexpected (500, details only in the log). No message shows a server path.
 */
public class ErrorMappers {

    private static final Logger LOG = Logger.getLogger(ErrorMappers.class);
    /** Jackson's reasons can quote much of the body: the client gets the start. */
    private static final int MAX_REASON = 300;

    /** The error body of every failed request. */
    public record ErrorBody(String error) {
    }

    private final DataFolder data;

    ErrorMappers(DataFolder data) {
        this.data = data;
    }

    @ServerExceptionMapper
    public Response refused(RefusedInput e) {
        return body(e.status(), e.getMessage());
    }

    /** The video itself was unusable (not decodable, no video stream, truncated, too long). */
    @ServerExceptionMapper
    public Response unusableVideo(IngestException e) {
        return body(422, data.withoutPaths(e.getMessage()));
    }

    @ServerExceptionMapper
    public Response store(StoreException e) {
        return body(503, "the frame store is unavailable: " + data.withoutPaths(e.getMessage()));
    }

    /** Malformed, too deeply nested or too long JSON, or JSON of the wrong shape. */
    @ServerExceptionMapper({JsonProcessingException.class, MismatchedInputException.class})
    public Response json(JsonProcessingException e) {
        return body(400, "malformed JSON: " + shorten(e.getOriginalMessage()));
    }

    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e) {
        return body(403, "this key's role may not do that");
    }

    /** The framework's own: no such endpoint or method, an unsupported media type; a body it could not read. */
    @ServerExceptionMapper
    public Response framework(WebApplicationException e) {
        if (e.getCause() instanceof JsonProcessingException json) {
            return json(json);
        }
        Response.StatusType status = e.getResponse().getStatusInfo();
        return body(status.getStatusCode(), status.getReasonPhrase());
    }

    @ServerExceptionMapper
    public Response unexpected(RuntimeException e) {
        LOG.errorf(e, "request failed");
        return body(500, "internal error; the service log has the details");
    }

    static Response body(int status, String message) {
        return Response.status(status).type(MediaType.APPLICATION_JSON)
                .entity(new ErrorBody(Messages.oneLine(message))).build();
    }

    private static String shorten(String reason) {
        String line = Messages.oneLine(reason);
        return line.length() <= MAX_REASON ? line : line.substring(0, MAX_REASON) + "...";
    }
}
