package org.vcd.deploy.service;

import org.jboss.logging.MDC;

/** The logging context of one check: while open, every log line on this thread carries its id as {@value #MDC_KEY}. */
final class CheckLog implements AutoCloseable {

    /** The MDC key every log line about a check carries. */
    static final String MDC_KEY = "check_id";

    private CheckLog(String id) {
        MDC.put(MDC_KEY, id);
    }

    static CheckLog of(String id) {
        return new CheckLog(id);
    }

    @Override
    public void close() {
        MDC.remove(MDC_KEY);
    }
}
