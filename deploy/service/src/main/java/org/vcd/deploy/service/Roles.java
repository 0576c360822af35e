package org.vcd.deploy.service;

/** The two roles an API key carries. An admin key also holds the moderator role. */
public final class Roles {

    public static final String MODERATOR = "moderator";
    public static final String ADMIN = "admin";

    private Roles() {
    }
}
