package org.vcd.deploy.service;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.credential.TokenCredential;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.IdentityProviderManager;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.AuthenticationRequest;
import io.quarkus.security.identity.request.TokenAuthenticationRequest;
import io.quarkus.security.runtime.QuarkusPrincipal;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.quarkus.vertx.http.runtime.security.ChallengeData;
import io.quarkus.vertx.http.runtime.security.HttpAuthenticationMechanism;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;
import java.util.Set;

/**
 * API-key authentication: the key comes in the {@code X-API-Key} header or as {@code Authorization: Bearer KEY}.
 * No key means anonymous (then 401 wherever a role is required); an unknown key is refused with 401.
 */
@ApplicationScoped
public class ApiKeyAuthentication implements HttpAuthenticationMechanism {

    static final String HEADER = "X-API-Key";
    private static final String BEARER = "Bearer ";
    private static final String TOKEN_TYPE = "api-key";
    /** The identity's attribute holding the key's {@link ApiKeys.Holder}. */
    static final String HOLDER = "vcd.key-holder";

    @Override
    public Uni<SecurityIdentity> authenticate(RoutingContext context, IdentityProviderManager identities) {
        String key = context.request().getHeader(HEADER);
        String authorization = context.request().getHeader("Authorization");
        if (key == null && authorization != null && authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            key = authorization.substring(BEARER.length()).trim();
        }
        if (key == null || key.isEmpty()) {
            return Uni.createFrom().optional(Optional.empty());
        }
        return identities.authenticate(new TokenAuthenticationRequest(new TokenCredential(key, TOKEN_TYPE)));
    }

    @Override
    public Uni<ChallengeData> getChallenge(RoutingContext context) {
        return Uni.createFrom().item(new ChallengeData(401, "WWW-Authenticate", "ApiKey header=\"" + HEADER + "\""));
    }

    @Override
    public Set<Class<? extends AuthenticationRequest>> getCredentialTypes() {
        return Set.of(TokenAuthenticationRequest.class);
    }

    /** Turns a presented key into its holder's identity. */
    @ApplicationScoped
    public static class KeyIdentityProvider implements IdentityProvider<TokenAuthenticationRequest> {

        private final ApiKeys keys;

        KeyIdentityProvider(ApiKeys keys) {
            this.keys = keys;
        }

        @Override
        public Class<TokenAuthenticationRequest> getRequestType() {
            return TokenAuthenticationRequest.class;
        }

        @Override
        public Uni<SecurityIdentity> authenticate(TokenAuthenticationRequest request,
                                                  AuthenticationRequestContext context) {
            String key = request.getToken().getToken();
            // A configured key is answered here; any other is looked up in the database, off the I/O thread.
            return keys.configured(key).map(holder -> Uni.createFrom().item(identity(holder)))
                    .orElseGet(() -> context.runBlocking(() -> keys.created(key).map(KeyIdentityProvider::identity)
                            .orElseThrow(() -> new AuthenticationFailedException("unknown API key"))));
        }

        private static SecurityIdentity identity(ApiKeys.Holder holder) {
            return QuarkusSecurityIdentity.builder()
                    .setPrincipal(new QuarkusPrincipal(holder.id()))
                    .addRoles(holder.role().grants())
                    .addAttribute(HOLDER, holder)
                    .build();
        }
    }
}
