package io.cdpbatch.lifecycle;

/** What an instance does with a claimed batch. */
public enum Stage {
    /** An arrived upload: download it and check its size and MD5 against what was declared. */
    VERIFY,
    /** A verified upload: read its records and apply them. */
    PROCESS
}
