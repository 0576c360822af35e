package org.vcd.deploy.service;

/** A check's life: accepted into the queue, taken by a worker, then finished one way or the other. */
public enum CheckStatus {
    QUEUED, RUNNING, DONE, FAILED;

    public boolean finished() {
        return this == DONE || this == FAILED;
    }
}
