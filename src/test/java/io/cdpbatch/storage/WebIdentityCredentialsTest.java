package io.cdpbatch.storage;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import software.amazon.awssdk.auth.credentials.WebIdentityTokenCredentialsProviderFactory;
import software.amazon.awssdk.auth.credentials.internal.WebIdentityCredentialsUtils;

/**
 * IRSA (an IAM role for the pods' service account on EKS) works through the SDK's default credential chain, whose
 * web identity step needs the STS module at run time: without it the step fails with "the 'sts' service module must
 * be on the class path" and the store cannot be reached with the role.
 */
class WebIdentityCredentialsTest {

    @Test
    void theDefaultChainCanUseAWebIdentityToken() {
        WebIdentityTokenCredentialsProviderFactory factory = WebIdentityCredentialsUtils.factory();
        assertThat(factory.getClass().getName()).startsWith("software.amazon.awssdk.services.sts.");
    }
}
