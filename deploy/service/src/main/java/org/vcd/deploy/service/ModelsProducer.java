package org.vcd.deploy.service;

import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import org.vcd.deploy.PipelineModels;

/** The pipeline's learned models: one set per application, loaded on first use, closed when it stops. */
final class ModelsProducer {

    @Produces
    @Singleton
    PipelineModels models() {
        return new PipelineModels();
    }

    void close(@Disposes PipelineModels models) {
        models.close();
    }
}
