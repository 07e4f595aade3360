package io.cdpbatch.intake;

import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.cdpbatch.lifecycle.Attempt;
import io.cdpbatch.lifecycle.Outcome;
import io.cdpbatch.lifecycle.Stage;
import io.cdpbatch.lifecycle.StageWork;
import io.cdpbatch.upload.UploadCopies;
import io.cdpbatch.upload.UploadCopies.Download;

/**
 * Checks an arrived upload before anything is applied: its byte count must equal the declared size
 * and the MD5 of its bytes the declared checksum; otherwise the batch is {@code corrupted}. A
 * verified copy is kept for the processing that follows.
 */
@ApplicationScoped
public class UploadVerifier implements StageWork {

    @Inject
    UploadCopies copies;

    @Override
    public Stage stage() {
        return Stage.VERIFY;
    }

    @Override
    public Outcome run(Attempt attempt) {
        Optional<Download> found = copies.download(attempt.claim());
        if (found.isEmpty()) {
            return new Outcome.NotArrived();
        }
        Download download = found.get();
        String problem = UploadCopies.mismatch(download, attempt.claim());
        if (problem != null) {
            UploadCopies.delete(download.file());
            return new Outcome.Corrupted(problem);
        }
        copies.keep(attempt.batchId(), download.file(), download.size());
        return new Outcome.Verified();
    }
}
