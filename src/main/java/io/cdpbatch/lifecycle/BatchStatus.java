package io.cdpbatch.lifecycle;

import java.util.Arrays;
import java.util.Optional;

/** The states of a batch, with their wire codes and the labels people read. */
public enum BatchStatus {
    UPLOADING("uploading", "Uploading", false),
    FILE_UPLOADED("file_uploaded", "File uploaded", false),
    PROCESSING("processing", "Processing", false),
    SUCCESS("success", "Success", true),
    CORRUPTED("corrupted", "Corrupted", true),
    ERROR("error", "Error", true);

    private final String code;
    private final String label;
    private final boolean terminal;

    BatchStatus(String code, String label, boolean terminal) {
        this.code = code;
        this.label = label;
        this.terminal = terminal;
    }

    public String code() {
        return code;
    }

    public String label() {
        return label;
    }

    public boolean terminal() {
        return terminal;
    }

    public static Optional<BatchStatus> fromCode(String code) {
        return Arrays.stream(values()).filter(s -> s.code.equals(code)).findFirst();
    }
}
