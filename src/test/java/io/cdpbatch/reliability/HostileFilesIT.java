package io.cdpbatch.reliability;

import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Hostile files against one packaged application process with the image's JVM options and a 256 MB
 * heap, the default configuration ({@link HostileSuite}: what each file must come to). The ordinary
 * file is 100,000 guests here; {@code bench/run.sh hostile} runs 1,000,000.
 */
class HostileFilesIT {

    static HostileSuite suite;

    @BeforeAll
    static void start() {
        suite = HostileSuite.start("hostile", Map.of(), HostileSuite.Size.VERIFY);
    }

    @AfterAll
    static void stop() {
        if (suite != null) {
            suite.close();
        }
    }

    @Test
    void sevenHundredRecordsOfOneMegabyteAreAllAppliedWhileTheServiceKeepsAnswering() {
        suite.bigRecords();
    }

    @Test
    void twentyMillionLinesOfXStopAfterTheLeadingInvalidLimit() {
        suite.notABatchFile();
    }

    @Test
    void aGzipBombStopsAtTheDecompressedLimit() {
        suite.decompressionBomb();
    }

    @Test
    void linesAtTheLineLimitAreAppliedAndOneByteMoreIsOneFailedRecord() {
        suite.linesAtTheLimit();
    }

    @Test
    void deepNestingIsOneFailedRecordPerLine() {
        suite.deepNesting();
    }

    @Test
    void hugeExponentsAreRefusedWithoutBeingExpanded() {
        suite.hugeExponents();
    }

    @Test
    void refusalsEchoingMegabyteRefsStopTheErrorLogAtItsSizeLimit() {
        suite.bigRefusals();
    }

    @Test
    void tenThousandGzipMembersAreAllRead() {
        suite.gzipMembers();
    }

    @Test
    void aDamagedLastGzipMemberEndsInErrorNeverSuccess() {
        suite.corruptTrailingMember();
    }

    @Test
    void recordsAtEveryArrayLimit() {
        suite.arrayLimits();
    }

    @Test
    void aFlightOrderOfMillionsOfConsumerItemLinksIsRefused() {
        suite.amplifiedFlightOrder();
    }

    @Test
    void flightOrdersAtTheLinkLimitAreAllApplied() {
        suite.flightOrdersAtTheLinkLimit();
    }

    @Test
    void twoBatchesOfIdentifierDenseGuestsAtOnceAreBothApplied() {
        suite.identifierDenseBatches();
    }

    @Test
    void anOrdinaryFileOfGuestsIsAllApplied() {
        suite.ordinaryGuests();
    }
}
