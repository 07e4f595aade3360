package io.cdpbatch.batch;

import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;

import io.cdpbatch.lifecycle.BatchStatus;

/** Stores a status as its wire code. */
@Converter(autoApply = true)
public class BatchStatusConverter implements AttributeConverter<BatchStatus, String> {

    @Override
    public String convertToDatabaseColumn(BatchStatus status) {
        return status == null ? null : status.code();
    }

    @Override
    public BatchStatus convertToEntityAttribute(String code) {
        return code == null ? null
                : BatchStatus.fromCode(code).orElseThrow(() -> new IllegalStateException("Unknown status " + code));
    }
}
