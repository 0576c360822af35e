package org.vcd.deploy.service;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready only while the frame store answers (the database has its own readiness check from the datasource). */
@Readiness
@ApplicationScoped
public class StoreReadiness implements HealthCheck {

    private final Library library;

    StoreReadiness(Library library) {
        this.library = library;
    }

    @Override
    public HealthCheckResponse call() {
        boolean up;
        try {
            up = library.storeReadable();
        } catch (RuntimeException e) {
            up = false;
        }
        return HealthCheckResponse.named("frame-store").status(up).build();
    }
}
