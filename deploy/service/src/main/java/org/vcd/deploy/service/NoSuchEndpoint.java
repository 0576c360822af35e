package org.vcd.deploy.service;

import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * Any other path under /api: a 404 with the error body. (Unmatched, the request would fall through to the static
 * files and get the HTTP layer's bare 404.) Every real endpoint's path is more specific, so it wins.
 */
@Path("/api/{path: .*}")
public class NoSuchEndpoint {

    @GET
    @Operation(hidden = true)
    public void get() {
        throw none();
    }

    @POST
    @Operation(hidden = true)
    public void post() {
        throw none();
    }

    @PUT
    @Operation(hidden = true)
    public void put() {
        throw none();
    }

    @DELETE
    @Operation(hidden = true)
    public void delete() {
        throw none();
    }

    private static RefusedInput none() {
        return RefusedInput.notFound("no such endpoint; see /q/openapi");
    }
}
