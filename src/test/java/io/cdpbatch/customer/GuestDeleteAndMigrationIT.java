package io.cdpbatch.customer;

import io.cdpbatch.support.EmbeddedStackResource;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;

/** {@link GuestDeleteAndMigrationTest} against the packaged application. */
@QuarkusIntegrationTest
@WithTestResource(value = EmbeddedStackResource.class, scope = TestResourceScope.MATCHING_RESOURCES)
class GuestDeleteAndMigrationIT extends GuestDeleteAndMigrationTest {
}
