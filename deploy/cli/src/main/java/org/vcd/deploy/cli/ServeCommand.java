package org.vcd.deploy.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * The help of {@code ./vcd serve}. The service is its own application (Quarkus, deploy/service), which the launcher
 * starts instead of this one; the launcher sends {@code serve --help} here so it prints help rather than starting it.
 */
@Command(name = "serve", description = {
        "Starts the moderator service (launched by ./vcd as its own application, deploy/service): the HTTP API under"
                + " http://localhost:8080/api/v1, the moderator page at /, health at /q/health. Runs until SIGTERM or"
                + " Ctrl-C; queued checks survive a restart.",
        "Settings come from the environment (each vcd.* and runtime quarkus.* property, e.g. VCD_DATA for the data"
                + " folder, VCD_AUTH_ADMIN_KEYS and VCD_AUTH_MODERATOR_KEYS for API keys, QUARKUS_HTTP_PORT);"
                + " VCD_DB_KIND=h2|postgresql picks the database build; QUARKUS_PROFILE=cluster runs the cluster mode"
                + " (Milvus, PostgreSQL, Kafka). Every setting: docs/SERVICE.md and docs/DEPLOY.md."})
final class ServeCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        Vcd.error(spec, "'serve' starts the service application: run it as ./vcd serve");
        return Vcd.EXIT_USAGE;
    }
}
