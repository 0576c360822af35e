package org.vcd.deploy.service;

/** A request the service turns down, with the HTTP status and a one-line reason the client sees. */
public class RefusedInput extends RuntimeException {

    private final int status;

    public RefusedInput(int status, String message) {
        super(message);
        this.status = status;
    }

    public int status() {
        return status;
    }

    public static RefusedInput badRequest(String message) {
        return new RefusedInput(400, message);
    }

    public static RefusedInput notFound(String message) {
        return new RefusedInput(404, message);
    }
}
