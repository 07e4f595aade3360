package io.cdpbatch.lifecycle;

/** What the work of a stage came to; {@link BatchLifecycle#complete} turns it into the batch's next state. */
public sealed interface Outcome {

    /** Verification: the object is not in the store (any more); the batch goes back to waiting for its upload. */
    record NotArrived() implements Outcome {
    }

    /** Verification: the object's size or MD5 differs from what was declared. */
    record Corrupted(String message) implements Outcome {
    }

    /** Verification: size and MD5 match; the batch waits for processing. */
    record Verified() implements Outcome {
    }

    /**
     * Processing: every line read was applied or refused, and the threads that did it ended.
     *
     * @param stoppedReading why reading stopped before the end of the file (unreadable past a point,
     *        over a limit, ...), or null when the whole file was read
     * @param failures what the refused records left behind
     */
    record Processed(String stoppedReading, Failures failures) implements Outcome {
    }

    /**
     * The outputs of refused records: the error log and the failed-records object in the store, the
     * error summary (JSON of {@link ErrorGroup}s), and a note for the status message (e.g. entries
     * left out of a capped log); all absent when nothing was refused.
     */
    record Failures(boolean log, boolean failedRecords, String summaryJson, String note) {
        public static final Failures NONE = new Failures(false, false, null, null);
    }
}
