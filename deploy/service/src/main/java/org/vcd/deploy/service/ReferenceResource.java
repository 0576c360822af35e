package org.vcd.deploy.service;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import java.net.URI;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.multipart.FileUpload;
import org.vcd.ingest.IngestException;

@Path(Views.API + "/references")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "references", description = "The reference library: what uploads are checked against")
public class ReferenceResource {

    private final Library library;
    private final VideoIntake intake;

    ReferenceResource(Library library, VideoIntake intake) {
        this.library = library;
        this.intake = intake;
    }

    @POST
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    @RolesAllowed(Roles.ADMIN)
    @APIResponse(responseCode = "201", description = "added")
    @APIResponse(responseCode = "400", description = "a refused id, title, file name, URI or body")
    @APIResponse(responseCode = "401", description = "no or unknown key")
    @APIResponse(responseCode = "403", description = "not an admin")
    @APIResponse(responseCode = "413", description = "video too large")
    @APIResponse(responseCode = "415", description = "not a video")
    @APIResponse(responseCode = "422", description = "the video does not decode")
    @APIResponse(responseCode = "500", description = "failed part way (nothing kept)")
    @APIResponse(responseCode = "502", description = "the fetch failed")
    @APIResponse(responseCode = "503", description = "the frame store is unavailable")
    @APIResponse(responseCode = "504", description = "the fetch timed out")
    @Operation(summary = "Add (or replace) a reference from an uploaded video (part 'file'; optional 'id', 'title')")
    public Response upload(@RestForm("file") FileUpload file, @RestForm String id, @RestForm String title,
                           @Context SecurityContext caller) throws IngestException {
        validate(id, title);
        return added(library.add(intake.fromUpload(file), id, title, caller.getUserPrincipal().getName()));
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.ADMIN)
    // The responses are the upload's: both are one operation (same path and method) in the OpenAPI document.
    @Operation(summary = "Add (or replace) a reference fetched from an allowed http(s) URI: {\"uri\", \"id\"?, \"title\"?}")
    public Response fetch(Views.UriRequest request, @Context SecurityContext caller) throws IngestException {
        if (request == null) {
            throw RefusedInput.badRequest("send {\"uri\": ...}");
        }
        validate(request.id(), request.title());
        return added(library.add(intake.fromUri(request.uri()), request.id(), request.title(),
                caller.getUserPrincipal().getName()));
    }

    @GET
    @RolesAllowed(Roles.MODERATOR)
    @APIResponse(responseCode = "200", description = "a page")
    @APIResponse(responseCode = "400", description = "a refused page or size")
    @Operation(summary = "List references, newest first, a page at a time")
    public Views.Page<Views.Reference> list(@QueryParam("page") @DefaultValue("0") String pageParam,
                                            @QueryParam("size") @DefaultValue("50") String sizeParam) {
        int page = Params.integer(pageParam, "page", 0, InputLimits.MAX_PAGE);
        int size = Params.integer(sizeParam, "size", 1, InputLimits.PAGE_SIZE);
        return Library.read(() -> {
            List<Views.Reference> items = ReferenceVideo.<ReferenceVideo>findAll(
                            io.quarkus.panache.common.Sort.descending("addedAt").and("id"))
                    .page(page, size).list().stream().map(Views.Reference::of).toList();
            return new Views.Page<>(items, page, size, ReferenceVideo.count());
        });
    }

    @GET
    @Path("{id}")
    @RolesAllowed(Roles.MODERATOR)
    @Operation(summary = "One reference")
    public Views.Reference get(@PathParam("id") String id) {
        return Views.Reference.of(find(id));
    }

    @DELETE
    @Path("{id}")
    @RolesAllowed(Roles.ADMIN)
    @APIResponse(responseCode = "204", description = "taken down")
    @APIResponse(responseCode = "400", description = "a refused id")
    @APIResponse(responseCode = "403", description = "not an admin")
    @APIResponse(responseCode = "404", description = "no such reference")
    @Operation(summary = "Take a reference down: its frames leave the store, its file and record are deleted")
    public Response delete(@PathParam("id") String id) {
        DataFolder.requireReferenceId(id);
        if (!library.delete(id)) {
            throw RefusedInput.notFound("no reference " + id);
        }
        return Response.noContent().build();
    }

    @GET
    @Path("{id}/video")
    @Produces("video/*")
    @RolesAllowed(Roles.MODERATOR)
    @Operation(summary = "The reference's video file")
    public Response video(@PathParam("id") String id) {
        ReferenceVideo row = find(id);
        java.nio.file.Path file = library.referenceFile(id)
                .orElseThrow(() -> RefusedInput.notFound("reference " + id + " has no video file"));
        return Response.ok(file.toFile(), VideoContainer.valueOf(row.container).mediaType()).build();
    }

    private static ReferenceVideo find(String id) {
        DataFolder.requireReferenceId(id);
        ReferenceVideo row = Library.read(() -> ReferenceVideo.findById(id));
        if (row == null) {
            throw RefusedInput.notFound("no reference " + id);
        }
        return row;
    }

    /** Before anything is received or written. */
    private static void validate(String id, String title) {
        if (id != null && !id.isBlank()) {
            DataFolder.requireReferenceId(id);
        }
        Params.atMost(title, "title", InputLimits.TITLE);
    }

    private static Response added(ReferenceVideo row) {
        return Response.created(URI.create(Views.API + "/references/" + row.id)).entity(Views.Reference.of(row))
                .build();
    }
}
