package org.vcd.deploy.service;

import java.util.Locale;
import java.util.Set;

/** The two roles an API key carries. An admin key also holds the moderator role. */
public final class Roles {

    public static final String MODERATOR = "moderator";
    public static final String ADMIN = "admin";

    /** The role a key is given (configured or created), and the security roles it grants. */
    public enum Role {
        ADMIN(Set.of(Roles.ADMIN, Roles.MODERATOR)), MODERATOR(Set.of(Roles.MODERATOR));

        private final Set<String> grants;

        Role(Set<String> grants) {
            this.grants = grants;
        }

        public Set<String> grants() {
            return grants;
        }

        /** As the API and the configuration spell it. */
        public String apiName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private Roles() {
    }
}
