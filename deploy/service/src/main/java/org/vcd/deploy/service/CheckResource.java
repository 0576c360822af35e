package org.vcd.deploy.service;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.multipart.FileUpload;
import org.vcd.deploy.MatchedSegment;

@Path(Views.API + "/checks")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.MODERATOR)
@Tag(name = "checks", description = "Checking a video against the references, the evidence, and verdicts")
public class CheckResource {

    private final CheckQueue queue;
    private final Checks checks;
    private final VideoIntake intake;
    private final Evidence evidence;
    private final Library library;
    private final DataFolder data;
    private final CheckRetention retention;

    CheckResource(CheckQueue queue, Checks checks, VideoIntake intake, Evidence evidence, Library library,
                  DataFolder data, CheckRetention retention) {
        this.queue = queue;
        this.checks = checks;
        this.intake = intake;
        this.evidence = evidence;
        this.library = library;
        this.data = data;
        this.retention = retention;
    }

    @POST
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    @APIResponse(responseCode = "200", description = "finished within ?wait")
    @APIResponse(responseCode = "202", description = "accepted")
    @APIResponse(responseCode = "400", description = "a refused parameter, name, URI or body")
    @APIResponse(responseCode = "401", description = "no or unknown key")
    @APIResponse(responseCode = "403", description = "not a moderator")
    @APIResponse(responseCode = "413", description = "video too large")
    @APIResponse(responseCode = "415", description = "not a video")
    @APIResponse(responseCode = "502", description = "the fetch failed")
    @APIResponse(responseCode = "503", description = "queue full or the query could not be kept")
    @APIResponse(responseCode = "504", description = "the fetch timed out")
    @Operation(summary = "Submit an uploaded video (part 'file'; optional 'name'). 202 with the check; with "
            + "?wait=SECONDS, waits up to that long (capped) and answers 200 with the finished check")
    public Response upload(@RestForm("file") FileUpload file, @RestForm String name,
                           @QueryParam("wait") @DefaultValue("0") String wait, @Context SecurityContext caller) {
        Duration waiting = requestedWait(wait);
        Params.atMost(name, "name", InputLimits.NAME);
        IncomingVideo video = intake.fromUpload(file);
        String query = name != null && !name.isBlank() ? name : video.origin();
        return submitted(queue.submit(video, query, caller.getUserPrincipal().getName()), waiting);
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    // The responses are the upload's: both are one operation (same path and method) in the OpenAPI document.
    @Operation(summary = "Submit a video by allowed http(s) URI: {\"uri\", \"name\"?}; ?wait=SECONDS as for uploads")
    public Response fetch(Views.UriRequest request, @QueryParam("wait") @DefaultValue("0") String wait,
                          @Context SecurityContext caller) {
        Duration waiting = requestedWait(wait);
        if (request == null) {
            throw RefusedInput.badRequest("send {\"uri\": ...}");
        }
        Params.atMost(request.name(), "name", InputLimits.NAME);
        IncomingVideo video = intake.fromUri(request.uri());
        String query = request.name() != null && !request.name().isBlank() ? request.name() : video.origin();
        return submitted(queue.submit(video, query, caller.getUserPrincipal().getName()), waiting);
    }

    @GET
    @APIResponse(responseCode = "200", description = "the checks")
    @APIResponse(responseCode = "400", description = "a refused limit or status")
    @Operation(summary = "Recent checks, newest first, with their status and verdict")
    public List<Views.CheckSummary> list(@QueryParam("limit") @DefaultValue("50") String limit,
                                         @QueryParam("status") String status) {
        return checks.summaries(Params.integer(limit, "limit", 1, InputLimits.LIST),
                status == null ? null : Params.oneOf(CheckStatus.class, status, "status"));
    }

    @GET
    @Path("{id}")
    @Operation(summary = "A check: status; when done the match JSON of 'vcd check', reference metadata, evidence, verdicts")
    public Views.Check get(@PathParam("id") String id) {
        return checks.view(id);
    }

    @DELETE
    @Path("{id}")
    @RolesAllowed(Roles.ADMIN)
    @APIResponse(responseCode = "204", description = "deleted")
    @APIResponse(responseCode = "403", description = "not an admin")
    @APIResponse(responseCode = "404", description = "no such check")
    @APIResponse(responseCode = "409", description = "the check is queued or running")
    @Operation(summary = "Delete a finished check: its row, verdicts, query video and evidence")
    public Response delete(@PathParam("id") String id) {
        retention.delete(id);
        return Response.noContent().build();
    }

    @PUT
    @Path("{id}/verdicts/{reference}")
    @Consumes(MediaType.APPLICATION_JSON)
    @APIResponse(responseCode = "200", description = "the check with the verdict")
    @APIResponse(responseCode = "400", description = "a refused decision, note or body")
    @APIResponse(responseCode = "404", description = "no such check or match")
    @APIResponse(responseCode = "409", description = "the check has no result")
    @Operation(summary = "Confirm or dismiss one match of a finished check: {\"decision\": \"confirmed\"|\"dismissed\", \"note\"?}")
    public Views.Check verdict(@PathParam("id") String id, @PathParam("reference") String reference,
                               Views.VerdictRequest request, @Context SecurityContext caller) {
        DataFolder.requireReferenceId(reference);
        if (request == null || request.decision() == null) {
            throw RefusedInput.badRequest("send {\"decision\": \"confirmed\" | \"dismissed\", \"note\": ...}");
        }
        Verdict.Decision decision = Params.oneOf(Verdict.Decision.class, request.decision(), "decision");
        Params.atMost(request.note(), "note", InputLimits.NOTE);
        return checks.decide(id, reference, decision, request.note(), caller.getUserPrincipal().getName());
    }

    @GET
    @Path("{id}/video")
    @Produces("video/*")
    @Operation(summary = "The checked (query) video file")
    public Response video(@PathParam("id") String id) {
        VideoContainer container = VideoContainer.valueOf(checks.find(id).container);
        java.nio.file.Path file = data.queryFile(id, container);
        if (!Files.isRegularFile(file)) {
            throw RefusedInput.notFound("check " + id + " has no video file");
        }
        return Response.ok(file.toFile(), container.mediaType()).build();
    }

    @GET
    @Path("{id}/matches/{match}/heat-map.png")
    @Produces("image/png")
    @Operation(summary = "The similarity matrix of one match as a heat map (query downwards, reference rightwards), segments boxed")
    public Response heatMap(@PathParam("id") String id, @PathParam("match") int match) {
        StoredResult result = checks.find(id).storedResult();
        java.nio.file.Path png = evidence.heatMap(id, match);
        if (result == null || result.match(match) == null || !Files.isRegularFile(png)) {
            throw RefusedInput.notFound("check " + id + " has no match " + match);
        }
        return Response.ok(png.toFile(), "image/png").build();
    }

    @GET
    @Path("{id}/matches/{match}/segments/{segment}/frames/{k}/{side}.jpg")
    @Produces("image/jpeg")
    @APIResponse(responseCode = "200", description = "the JPEG")
    @APIResponse(responseCode = "400", description = "a refused side")
    @APIResponse(responseCode = "404", description = "no such check, match, segment or frame")
    @APIResponse(responseCode = "410", description = "the reference was taken down")
    @Operation(summary = "Frame pair k of a segment: side 'query' or 'reference', taken at matched times")
    public Response frame(@PathParam("id") String id, @PathParam("match") int match,
                          @PathParam("segment") int segment, @PathParam("k") int k,
                          @PathParam("side") String side) throws IOException {
        Evidence.Side which = Params.oneOf(Evidence.Side.class, side, "side");
        CheckJob job = checks.find(id);
        StoredResult result = job.storedResult();
        StoredResult.StoredMatch m = result == null ? null : result.match(match);
        if (m == null || segment < 0 || segment >= m.segments().size() || k < 0 || k >= Evidence.FRAMES_PER_SEGMENT) {
            throw RefusedInput.notFound("check " + id + " has no frame " + match + "/" + segment + "/" + k);
        }
        MatchedSegment s = m.segments().get(segment);
        java.nio.file.Path video = which == Evidence.Side.QUERY
                ? data.queryFile(id, VideoContainer.valueOf(job.container))
                : library.referenceFile(m.reference()).orElseThrow(
                        () -> new RefusedInput(410, "reference " + m.reference() + " has been taken down"));
        return Response.ok(evidence.frame(id, match, segment, k, which, Evidence.frameTimes(s.segment()), video,
                s.queryRegion()).toFile(), "image/jpeg").build();
    }

    /** Checked before anything is received, so a refused request keeps nothing. */
    private static Duration requestedWait(String seconds) {
        return Duration.ofSeconds(Params.integer(seconds, "wait", 0, InputLimits.WAIT_SECONDS));
    }

    private Response submitted(String id, Duration wait) {
        queue.await(id, wait);
        Views.Check view = checks.view(id);
        boolean finished = Params.oneOf(CheckStatus.class, view.status(), "status").finished();
        return Response.status(finished ? 200 : 202).location(URI.create(Views.API + "/checks/" + id))
                .entity(view).build();
    }
}
