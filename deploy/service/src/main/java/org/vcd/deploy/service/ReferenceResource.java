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
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.multipart.FileUpload;
import org.vcd.ingest.IngestException;

@Path(Views.API + "/references")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "references", description = "The reference library: what uploads are checked against")
public class ReferenceResource {

    static final int MAX_PAGE_SIZE = 200;

    private final Library library;
    private final VideoIntake intake;

    ReferenceResource(Library library, VideoIntake intake) {
        this.library = library;
        this.intake = intake;
    }

    @POST
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    @RolesAllowed(Roles.ADMIN)
    @Operation(summary = "Add (or replace) a reference from an uploaded video (part 'file'; optional 'id', 'title')")
    public Response upload(@RestForm("file") FileUpload file, @RestForm String id, @RestForm String title,
                           @Context SecurityContext caller) throws IngestException {
        validateOptionalId(id);
        return added(library.add(intake.fromUpload(file), id, title, caller.getUserPrincipal().getName()));
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.ADMIN)
    @Operation(summary = "Add (or replace) a reference fetched from an allowed http(s) URI: {\"uri\", \"id\"?, \"title\"?}")
    public Response fetch(Views.UriRequest request, @Context SecurityContext caller) throws IngestException {
        if (request == null) {
            throw RefusedInput.badRequest("send {\"uri\": ...}");
        }
        validateOptionalId(request.id());
        return added(library.add(intake.fromUri(request.uri()), request.id(), request.title(),
                caller.getUserPrincipal().getName()));
    }

    @GET
    @RolesAllowed(Roles.MODERATOR)
    @Operation(summary = "List references, newest first, a page at a time")
    public Views.Page<Views.Reference> list(@QueryParam("page") @DefaultValue("0") int page,
                                            @QueryParam("size") @DefaultValue("50") int size) {
        if (page < 0 || size < 1 || size > MAX_PAGE_SIZE) {
            throw RefusedInput.badRequest("page must be >= 0 and size 1-" + MAX_PAGE_SIZE);
        }
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

    private static void validateOptionalId(String id) {
        if (id != null && !id.isBlank()) {
            DataFolder.requireReferenceId(id);
        }
    }

    private static Response added(ReferenceVideo row) {
        return Response.created(URI.create(Views.API + "/references/" + row.id)).entity(Views.Reference.of(row))
                .build();
    }
}
