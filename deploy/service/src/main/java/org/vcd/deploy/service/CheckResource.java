package org.vcd.deploy.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.panache.common.Sort;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
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
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.multipart.FileUpload;
import org.vcd.deploy.Json;

@Path(Views.API + "/checks")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.MODERATOR)
@Tag(name = "checks", description = "Checking a video against the references, the evidence, and verdicts")
public class CheckResource {

    static final int MAX_LIST = 200;
    static final int MAX_NOTE = 4000;

    private final CheckQueue queue;
    private final VideoIntake intake;
    private final Evidence evidence;
    private final Library library;
    private final DataFolder data;

    CheckResource(CheckQueue queue, VideoIntake intake, Evidence evidence, Library library, DataFolder data) {
        this.queue = queue;
        this.intake = intake;
        this.evidence = evidence;
        this.library = library;
        this.data = data;
    }

    @POST
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    @Operation(summary = "Submit an uploaded video (part 'file'; optional 'name'). 202 with the check; with "
            + "?wait=SECONDS, waits up to that long (capped) and answers 200 with the finished check")
    public Response upload(@RestForm("file") FileUpload file, @RestForm String name,
                           @QueryParam("wait") @DefaultValue("0") int waitSeconds, @Context SecurityContext caller) {
        IncomingVideo video = intake.fromUpload(file);
        String query = name != null && !name.isBlank() ? name : file.fileName();
        return submitted(queue.submit(video, query, caller.getUserPrincipal().getName()), waitSeconds);
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Submit a video by allowed http(s) URI: {\"uri\", \"name\"?}; ?wait=SECONDS as for uploads")
    public Response fetch(Views.UriRequest request, @QueryParam("wait") @DefaultValue("0") int waitSeconds,
                          @Context SecurityContext caller) {
        if (request == null) {
            throw RefusedInput.badRequest("send {\"uri\": ...}");
        }
        IncomingVideo video = intake.fromUri(request.uri());
        String query = request.name() != null && !request.name().isBlank() ? request.name() : video.origin();
        return submitted(queue.submit(video, query, caller.getUserPrincipal().getName()), waitSeconds);
    }

    @GET
    @Operation(summary = "Recent checks, newest first, with their status and verdict")
    public List<Views.CheckSummary> list(@QueryParam("limit") @DefaultValue("50") int limit,
                                         @QueryParam("status") String status) {
        if (limit < 1 || limit > MAX_LIST) {
            throw RefusedInput.badRequest("limit must be 1-" + MAX_LIST);
        }
        CheckStatus wanted = status == null ? null : parse(CheckStatus.class, status, "status");
        return Library.read(() -> {
            List<CheckJob> jobs = wanted == null
                    ? CheckJob.<CheckJob>findAll(Sort.descending("submittedAt")).page(0, limit).list()
                    : CheckJob.<CheckJob>find("status", Sort.descending("submittedAt"), wanted).page(0, limit).list();
            List<Views.CheckSummary> out = new ArrayList<>();
            for (CheckJob job : jobs) {
                JsonNode result = result(job);
                List<Verdict> verdicts = Verdict.list("checkId", job.id);
                out.add(new Views.CheckSummary(job.id, status(job), job.query, job.submittedAt, job.finishedAt,
                        result == null ? 0 : result.path("matches").size(),
                        result == null || result.path("matches").isEmpty() ? null
                                : result.path("matches").get(0).path("score").asDouble(),
                        verdictSummary(result, verdicts)));
            }
            return out;
        });
    }

    @GET
    @Path("{id}")
    @Operation(summary = "A check: status; when done the match JSON of 'vcd check', reference metadata, evidence, verdicts")
    public Views.Check get(@PathParam("id") String id) {
        return view(find(id));
    }

    @PUT
    @Path("{id}/verdicts/{reference}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Confirm or dismiss one match of a finished check: {\"decision\": \"confirmed\"|\"dismissed\", \"note\"?}")
    public Views.Check verdict(@PathParam("id") String id, @PathParam("reference") String reference,
                               Views.VerdictRequest request, @Context SecurityContext caller) {
        DataFolder.requireReferenceId(reference);
        if (request == null || request.decision() == null) {
            throw RefusedInput.badRequest("send {\"decision\": \"confirmed\" | \"dismissed\", \"note\": ...}");
        }
        Verdict.Decision decision = parse(Verdict.Decision.class, request.decision(), "decision");
        if (request.note() != null && request.note().length() > MAX_NOTE) {
            throw RefusedInput.badRequest("note is longer than " + MAX_NOTE + " characters");
        }
        CheckJob job = find(id);
        JsonNode result = result(job);
        if (result == null) {
            throw new RefusedInput(409, "check " + id + " has no result yet (" + status(job) + ")");
        }
        if (matchIndex(result, reference) < 0) {
            throw RefusedInput.notFound("check " + id + " has no match with reference " + reference);
        }
        QuarkusTransaction.requiringNew().run(() -> {
            Verdict v = Verdict.find("checkId = ?1 and referenceId = ?2", id, reference).firstResult();
            if (v == null) {
                v = new Verdict();
                v.checkId = id;
                v.referenceId = reference;
            }
            v.decision = decision;
            v.note = request.note();
            v.decidedBy = caller.getUserPrincipal().getName();
            v.decidedAt = Instant.now();
            v.persist();
        });
        return view(job);
    }

    @GET
    @Path("{id}/video")
    @Produces("video/*")
    @Operation(summary = "The checked (query) video file")
    public Response video(@PathParam("id") String id) {
        CheckJob job = find(id);
        VideoContainer container = VideoContainer.valueOf(job.container);
        java.nio.file.Path file = data.queryFile(id, container);
        if (!java.nio.file.Files.isRegularFile(file)) {
            throw RefusedInput.notFound("check " + id + " has no video file");
        }
        return Response.ok(file.toFile(), container.mediaType()).build();
    }

    @GET
    @Path("{id}/matches/{match}/heat-map.png")
    @Produces("image/png")
    @Operation(summary = "The similarity matrix of one match as a heat map (query downwards, reference rightwards), segments boxed")
    public Response heatMap(@PathParam("id") String id, @PathParam("match") int match) {
        JsonNode m = match(find(id), match);
        java.nio.file.Path png = evidence.heatMap(id, match);
        if (m == null || !java.nio.file.Files.isRegularFile(png)) {
            throw RefusedInput.notFound("check " + id + " has no match " + match);
        }
        return Response.ok(png.toFile(), "image/png").build();
    }

    @GET
    @Path("{id}/matches/{match}/segments/{segment}/frames/{k}/{side}.jpg")
    @Produces("image/jpeg")
    @Operation(summary = "Frame pair k of a segment: side 'query' or 'reference', taken at matched times")
    public Response frame(@PathParam("id") String id, @PathParam("match") int match,
                          @PathParam("segment") int segment, @PathParam("k") int k,
                          @PathParam("side") String side) throws IOException {
        Evidence.Side which = parse(Evidence.Side.class, side, "side");
        CheckJob job = find(id);
        JsonNode m = match(job, match);
        JsonNode s = m == null ? null : m.path("segments").get(segment);
        if (s == null || k < 0 || k >= Evidence.FRAMES_PER_SEGMENT) {
            throw RefusedInput.notFound("check " + id + " has no frame " + match + "/" + segment + "/" + k);
        }
        java.nio.file.Path video = which == Evidence.Side.QUERY
                ? data.queryFile(id, VideoContainer.valueOf(job.container))
                : library.referenceFile(m.path("reference").asText())
                        .orElseThrow(() -> new RefusedInput(410, "reference " + m.path("reference").asText()
                                + " has been taken down"));
        java.nio.file.Path jpeg = evidence.frame(id, match, segment, k, which, Evidence.frameTimes(s), video);
        return Response.ok(jpeg.toFile(), "image/jpeg").build();
    }

    private Response submitted(CheckJob job, int waitSeconds) {
        if (waitSeconds < 0) {
            throw RefusedInput.badRequest("wait must be >= 0 seconds");
        }
        if (waitSeconds > 0) {
            queue.await(job.id, Duration.ofSeconds(waitSeconds));
        }
        Views.Check view = view(find(job.id));
        boolean finished = CheckStatus.valueOf(view.status().toUpperCase(Locale.ROOT)).finished();
        return Response.status(finished ? 200 : 202).location(URI.create(Views.API + "/checks/" + job.id))
                .entity(view).build();
    }

    private static CheckJob find(String id) {
        DataFolder.requireCheckId(id);
        CheckJob job = Library.read(() -> CheckJob.findById(id));
        if (job == null) {
            throw RefusedInput.notFound("no check " + id);
        }
        return job;
    }

    private static Views.Check view(CheckJob job) {
        JsonNode result = result(job);
        Map<String, Views.Reference> references = new LinkedHashMap<>();
        List<Views.MatchEvidence> pictures = new ArrayList<>();
        String base = Views.API + "/checks/" + job.id;
        List<Verdict> verdicts = Library.read(() -> Verdict.<Verdict>list("checkId", Sort.by("referenceId"), job.id));
        if (result != null) {
            JsonNode matches = result.path("matches");
            for (int m = 0; m < matches.size(); m++) {
                String reference = matches.get(m).path("reference").asText();
                ReferenceVideo row = Library.read(() -> ReferenceVideo.findById(reference));
                references.put(reference, row == null ? null : Views.Reference.of(row));
                List<Views.SegmentEvidence> segments = new ArrayList<>();
                JsonNode segmentNodes = matches.get(m).path("segments");
                for (int s = 0; s < segmentNodes.size(); s++) {
                    List<Views.FramePair> frames = new ArrayList<>();
                    List<Evidence.FrameTimes> times = Evidence.frameTimes(segmentNodes.get(s));
                    for (int k = 0; k < times.size(); k++) {
                        String frame = base + "/matches/" + m + "/segments/" + s + "/frames/" + k + "/";
                        frames.add(new Views.FramePair(times.get(k).query(), times.get(k).reference(),
                                frame + "query.jpg", frame + "reference.jpg"));
                    }
                    segments.add(new Views.SegmentEvidence(frames));
                }
                pictures.add(new Views.MatchEvidence(reference, base + "/matches/" + m + "/heat-map.png", segments));
            }
        }
        return new Views.Check(job.id, status(job), job.query, job.submittedAt, job.startedAt, job.finishedAt,
                job.attempts, job.error, result, references, pictures,
                verdicts.stream().map(Views.VerdictView::of).toList(), base + "/video");
    }

    /** "confirmed" when any match is confirmed, "dismissed" when all are, "pending" when some are undecided. */
    static String verdictSummary(JsonNode result, List<Verdict> verdicts) {
        if (result == null || result.path("matches").isEmpty()) {
            return null;
        }
        if (verdicts.stream().anyMatch(v -> v.decision == Verdict.Decision.CONFIRMED)) {
            return "confirmed";
        }
        return verdicts.size() >= result.path("matches").size() ? "dismissed" : "pending";
    }

    private static JsonNode result(CheckJob job) {
        if (job.result == null) {
            return null;
        }
        try {
            return Json.MAPPER.readTree(job.result);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored result of check " + job.id + " is not JSON", e);
        }
    }

    private static JsonNode match(CheckJob job, int match) {
        JsonNode result = result(job);
        return result == null || match < 0 ? null : result.path("matches").get(match);
    }

    private static int matchIndex(JsonNode result, String reference) {
        JsonNode matches = result.path("matches");
        for (int m = 0; m < matches.size(); m++) {
            if (reference.equals(matches.get(m).path("reference").asText())) {
                return m;
            }
        }
        return -1;
    }

    private static String status(CheckJob job) {
        return job.status.name().toLowerCase(Locale.ROOT);
    }

    private static <E extends Enum<E>> E parse(Class<E> type, String value, String what) {
        try {
            return Enum.valueOf(type, value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw RefusedInput.badRequest(what + " must be one of " + java.util.Arrays.stream(type.getEnumConstants())
                    .map(c -> c.name().toLowerCase(Locale.ROOT)).toList());
        }
    }
}
