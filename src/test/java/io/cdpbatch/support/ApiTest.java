package io.cdpbatch.support;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A test of the HTTP API, in-process ({@code @QuarkusTest}) or against the packaged application
 * ({@code @QuarkusIntegrationTest}, usually a subclass {@code XIT extends XTest}):
 * <ul>
 * <li>every {@link Tenants} field of the test instance, and every {@link Tenants} parameter of a test or
 * lifecycle method, is a fresh API client, made before each test (fields before {@code @BeforeEach});</li>
 * <li>RestAssured logs the request and the response of every check that fails;</li>
 * <li>a {@link LogCapture} parameter or field records the application's log during the test (in-process
 * only).</li>
 * </ul>
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ExtendWith(ApiTestExtension.class)
public @interface ApiTest {
}
