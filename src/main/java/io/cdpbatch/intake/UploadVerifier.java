package io.cdpbatch.intake;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.cdpbatch.pipeline.StoreUnavailableException;
import io.cdpbatch.pipeline.WorkFiles;

/**
 * Checks an arrived upload before anything is applied: its byte count must equal the declared size
 * and the MD5 of its bytes the declared checksum; otherwise the batch is {@code corrupted}.
 */
@ApplicationScoped
public class UploadVerifier {

    private static final Logger LOG = Logger.getLogger(UploadVerifier.class);

    @Inject
    WorkFiles files;

    @Inject
    BatchLeases leases;

    public void verify(Claim claim, String owner) {
        WorkFiles.Download download;
        try {
            var found = files.download(claim);
            if (found.isEmpty()) {
                leases.forgetArrival(claim.id(), owner);
                return;
            }
            download = found.get();
        } catch (StoreUnavailableException e) {
            LOG.warnf("Batch %s: the store is unreachable, verification will be retried: %s", claim.ref(), e.getMessage());
            leases.release(claim.id(), owner);
            return;
        }
        String problem = null;
        if (download.size() != claim.size()) {
            problem = "The size differs: declared " + claim.size() + " bytes, the object has " + download.size() + " bytes";
        } else if (!download.md5Hex().equals(claim.checksum())) {
            problem = "The MD5 differs: declared " + claim.checksum() + ", the object's bytes have " + download.md5Hex();
        }
        if (problem != null) {
            WorkFiles.delete(download.file());
            if (leases.markCorrupted(claim.id(), problem)) {
                LOG.infof("Batch %s of %s: uploading -> corrupted (%s)", claim.ref(), claim.tenant().clientKey(), problem);
            }
            return;
        }
        if (leases.markVerified(claim.id(), owner)) {
            files.keep(claim.id(), download.file());
            LOG.infof("Batch %s of %s: uploading -> file_uploaded (%d bytes, MD5 verified)", claim.ref(),
                    claim.tenant().clientKey(), download.size());
        } else {
            WorkFiles.delete(download.file());
        }
    }
}
