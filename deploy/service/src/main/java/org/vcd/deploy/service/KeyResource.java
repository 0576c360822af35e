package org.vcd.deploy.service;

import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path(Views.API)
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "keys", description = "API keys: who is signed in; admins create, list and revoke keys without a restart")
public class KeyResource {

    private final ApiKeys keys;
    private final SecurityIdentity caller;

    KeyResource(ApiKeys keys, SecurityIdentity caller) {
        this.keys = keys;
        this.caller = caller;
    }

    @GET
    @Path("me")
    @RolesAllowed(Roles.MODERATOR)
    @Operation(summary = "The caller's key: id, role, label, whether it is configured")
    public Views.Me me() {
        ApiKeys.Holder holder = caller.getAttribute(ApiKeyAuthentication.HOLDER);
        return new Views.Me(holder.id(), holder.role().apiName(), holder.label(), holder.configured());
    }

    @GET
    @Path("keys")
    @RolesAllowed(Roles.ADMIN)
    @APIResponse(responseCode = "200", description = "the keys, never a key itself")
    @APIResponse(responseCode = "403", description = "not an admin")
    @Operation(summary = "Every key: the configured ones, then those created through the API, oldest first")
    public List<Views.ApiKey> list() {
        return keys.list();
    }

    @POST
    @Path("keys")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.ADMIN)
    @APIResponse(responseCode = "201", description = "the new key, shown this once")
    @APIResponse(responseCode = "400", description = "a refused role, label or body")
    @APIResponse(responseCode = "403", description = "not an admin")
    @Operation(summary = "Create a key: {\"role\": \"admin\"|\"moderator\", \"label\"?}; it works at once")
    public Response create(Views.KeyRequest request) {
        if (request == null || request.role() == null) {
            throw RefusedInput.badRequest("send {\"role\": \"admin\" | \"moderator\", \"label\": ...}");
        }
        Roles.Role role = Params.oneOf(Roles.Role.class, request.role(), "role");
        Params.atMost(request.label(), "label", InputLimits.LABEL);
        Views.CreatedKey created = keys.create(role, request.label(), caller.getPrincipal().getName());
        return Response.status(201).entity(created).build();
    }

    @DELETE
    @Path("keys/{id}")
    @RolesAllowed(Roles.ADMIN)
    @APIResponse(responseCode = "204", description = "revoked: refused from the next request on")
    @APIResponse(responseCode = "403", description = "not an admin")
    @APIResponse(responseCode = "404", description = "no such key")
    @APIResponse(responseCode = "409", description = "a configured key (change the configuration)")
    @Operation(summary = "Revoke a key created through the API")
    public Response revoke(@PathParam("id") String id) {
        keys.revoke(id);
        return Response.noContent().build();
    }
}
