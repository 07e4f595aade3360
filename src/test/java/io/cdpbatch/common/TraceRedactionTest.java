package io.cdpbatch.common;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The URLs that spans may show: without user information, query or fragment. */
class TraceRedactionTest {

    @Test
    void queryUserInformationAndFragmentAreCutOff() {
        assertThat(TraceRedaction.withoutSecrets("https://hooks.example.com:8443/in/batches?token=abc&x=1"))
                .isEqualTo("https://hooks.example.com:8443/in/batches");
        assertThat(TraceRedaction.withoutSecrets("https://user:pass@hooks.example.com/in#frag"))
                .isEqualTo("https://hooks.example.com/in");
    }

    @Test
    void aUrlWithoutSecretsStaysAsItIs() {
        assertThat(TraceRedaction.withoutSecrets("http://127.0.0.1:9000/hooks/batches"))
                .isEqualTo("http://127.0.0.1:9000/hooks/batches");
    }

    @Test
    void aUrlThatDoesNotParseKeepsOnlyItsScheme() {
        assertThat(TraceRedaction.withoutSecrets("https://hooks.example.com/a b?token=abc")).isEqualTo("https:");
    }
}
