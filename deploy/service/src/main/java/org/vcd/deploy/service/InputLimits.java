package org.vcd.deploy.service;

/**
 * The limits on what a client sends, in one place: each text limit is also its column's size, and every one is
 * checked before anything is written (docs/SERVICE.md lists them).
 */
final class InputLimits {

    /** A check's name, a client's file name, a URI. */
    static final int NAME = 2000;
    /** A reference's title. */
    static final int TITLE = 500;
    /** A verdict's note. */
    static final int NOTE = 4000;
    /** An API key's label. */
    static final int LABEL = 200;
    /** Checks per list. */
    static final int LIST = 200;
    /** The longest {@code ?wait=} a submission may ask for (vcd.max-wait caps what it gets). */
    static final int WAIT_SECONDS = 86_400;
    /** References per page, and the last page number: page x size stays far from int overflow. */
    static final int PAGE_SIZE = 200;
    static final int MAX_PAGE = 1_000_000;

    private InputLimits() {
    }
}
