package org.vcd.deploy;

import java.util.List;

/** What a check found: the references the query copies, best match first; empty when nothing is copied. */
public record CheckResult(String query, List<Match> matches) {
}
