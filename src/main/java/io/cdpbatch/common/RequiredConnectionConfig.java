package io.cdpbatch.common;

import io.smallrye.config.ConfigMapping;

/**
 * The connection settings the service cannot start without. Quarkus reads them as optional (a
 * missing one only deactivates the datasource, with a message that names the property), so this
 * mapping requires them. {@code application.properties} points each key at the Quarkus property,
 * which in production is a {@code ${QUARKUS_...}} placeholder: a missing variable stops the start
 * with {@code Could not expand value QUARKUS_DATASOURCE_JDBC_URL ...}, every missing one listed at
 * once. In dev mode and tests the embedded stack provides them.
 */
@ConfigMapping(prefix = "batch.required")
public interface RequiredConnectionConfig {

    /** {@code QUARKUS_DATASOURCE_JDBC_URL} */
    String datasourceJdbcUrl();

    /** {@code QUARKUS_DATASOURCE_USERNAME} */
    String datasourceUsername();

    /** {@code QUARKUS_DATASOURCE_PASSWORD} */
    String datasourcePassword();

    /** {@code QUARKUS_S3_AWS_REGION} */
    String s3AwsRegion();
}
