package io.cdpbatch.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import io.cdpbatch.lifecycle.BatchStatus;
import io.cdpbatch.web.WebViews.LiveProgress;
import io.cdpbatch.web.WebViews.Progress;

/** The progress bar of the detail view, with and without the service's {@code status.progress}. */
class WebFormatsTest {

    @Test
    void aProcessingBatchWithProgressShowsTheShareOfTheFileReadAndTheEstimate() {
        Progress progress = WebFormats.progress(BatchStatus.PROCESSING, 13000L, 12500L, 3L, new LiveProgress(0.371, 80000L));

        assertThat(progress).isEqualTo(new Progress(true, true, 37, "37% \u00b7 12,503 records so far", "about 1m 20s left"));
    }

    @Test
    void theEstimateComesOnlyOnceTheServiceHasOne() {
        assertThat(WebFormats.progress(BatchStatus.PROCESSING, 0L, 0L, 0L, new LiveProgress(0.0, null)))
                .isEqualTo(new Progress(true, true, 0, "0% \u00b7 0 records so far", ""));
        assertThat(WebFormats.progress(BatchStatus.PROCESSING, 100L, 100L, 0L, new LiveProgress(1.5, 400L)))
                .isEqualTo(new Progress(true, true, 100, "100% \u00b7 100 records so far", "about 1s left"));
    }

    @Test
    void withoutProgressTheRecordsStandIn() {
        assertThat(WebFormats.progress(BatchStatus.PROCESSING, 200L, 50L, 10L, null))
                .isEqualTo(new Progress(true, true, 30, "30% \u00b7 60 of 200 records", ""));
        assertThat(WebFormats.progress(BatchStatus.FILE_UPLOADED, null, null, null, new LiveProgress(0.5, 1000L)))
                .isEqualTo(new Progress(true, false, 0, "Queued", ""));
        assertThat(WebFormats.progress(BatchStatus.SUCCESS, 200L, 200L, 0L, new LiveProgress(1.0, 0L)))
                .isEqualTo(new Progress(false, false, 0, "", ""));
    }

    @Test
    void estimatesReadAtAGlance() {
        assertThat(WebFormats.duration(59_000)).isEqualTo("59s");
        assertThat(WebFormats.duration(4_500_000)).isEqualTo("1h 15m");
    }
}
