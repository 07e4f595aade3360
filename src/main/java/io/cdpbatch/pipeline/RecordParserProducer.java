package io.cdpbatch.pipeline;

import java.time.Clock;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import io.cdpbatch.records.RecordParser;

/** The record parser is plain Java; it gets the application clock for its "in the past" checks. */
public class RecordParserProducer {

    @Produces
    @Singleton
    RecordParser recordParser(Clock clock) {
        return new RecordParser(clock);
    }
}
