package io.cdpbatch.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;

import org.junit.jupiter.api.Test;

/** Generated API tokens: 256 bits, base64url, never a leading "-" (command lines read that as an option). */
class TokenFormatTest {

    @Test
    void tokensAreDistinctBase64UrlWithoutALeadingDash() {
        ApiClientService service = new ApiClientService();
        Set<String> seen = new HashSet<>();
        // a leading "-" has a 1 in 64 chance per raw token: 10,000 tokens would show it all but surely
        for (int i = 0; i < 10_000; i++) {
            String token = service.randomToken();
            assertThat(token).hasSize(43).matches("[A-Za-z0-9_][A-Za-z0-9_-]{42}");
            assertThat(seen.add(token)).isTrue();
        }
    }
}
