package io.cdpbatch.cli;

/** The exit codes of {@code cdp-batch}; documented in docs/cli.md. */
public final class ExitCodes {

    /** The command did what was asked; for {@code upload}: the batch ended in {@code success}. */
    public static final int OK = 0;
    /** The batch ended in {@code error}: some records were not applied, or the file could not be read. */
    public static final int BATCH_ERROR = 1;
    /** Bad command line: unknown option, missing argument or credentials, unreadable input file. */
    public static final int USAGE = 2;
    /** The batch ended in {@code corrupted}: the stored file's size or MD5 differs from the declared one. */
    public static final int BATCH_CORRUPTED = 3;
    /** The service answered 401: wrong or missing client key or token. */
    public static final int AUTH = 4;
    /** The service or the object store could not be reached, or did not answer in time. */
    public static final int NETWORK = 5;
    /** {@code --timeout} elapsed before the batch reached a terminal status (it goes on on the server). */
    public static final int TIMEOUT = 6;
    /** The service or the object store refused the request (404 unknown ref, 409, other 4xx/5xx), or there is no log. */
    public static final int REFUSED = 7;
    /** A local failure that fits nothing above (disk full, a bug). */
    public static final int INTERNAL = 9;

    private ExitCodes() {
    }
}
