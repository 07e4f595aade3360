package io.cdpbatch.auth;

import io.cdpbatch.support.EmbeddedStackResource;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;

/** {@link TenantIsolationTest} against the packaged application. */
@QuarkusIntegrationTest
@WithTestResource(value = EmbeddedStackResource.class, scope = TestResourceScope.MATCHING_RESOURCES)
class TenantIsolationIT extends TenantIsolationTest {
}
