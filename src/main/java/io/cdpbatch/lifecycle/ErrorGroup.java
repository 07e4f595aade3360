package io.cdpbatch.lifecycle;

import java.util.List;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * The refused records of one (code, message) pair in a batch's error summary: their count and the
 * first failing lines in file order (up to five). Named as the status answer's schema has always
 * named them.
 */
@Schema(name = "ErrorGroupView")
public record ErrorGroup(String code, String message, long count, List<Sample> samples) {

    /** A failing line: its number in the file, its record's ref ("null" if unreadable) and what was wrong. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @Schema(name = "ErrorSampleView")
    public record Sample(long line, String ref, String detail) {
    }
}
