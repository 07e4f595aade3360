package io.cdpbatch.batch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.cdpbatch.storage.ObjectKeys;
import io.cdpbatch.support.ApiTest;
import io.cdpbatch.support.Lines;
import io.cdpbatch.support.Store;
import io.cdpbatch.support.Tenants;
import io.cdpbatch.support.TestFiles;
import io.cdpbatch.support.Uploads;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;

@QuarkusTest
@ApiTest
class AllocationTest {

    static final String TIMESTAMP = "\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}Z";

    Tenants tenant;

    @Test
    void allocateUploadAndReadStatus() throws IOException {
        byte[] file = TestFiles.ndjsonGz(List.of(
                Lines.guest("1").email("a@example.com").upsert()));
        String ref = UUID.randomUUID().toString();
        String checksum = TestFiles.md5Hex(file);

        JsonPath allocated = tenant.given().body("{\"checksum\":\"" + checksum + "\",\"size\":" + file.length + "}")
                .contentType("application/json")
                .when().put("/v2/batches/{ref}", ref)
                .then().statusCode(201)
                .header("Location", endsWith("/v2/batches/" + ref))
                .body("href", startsWith("http://"))
                .body("href", endsWith("/v2/batches/" + ref))
                .body("ref", equalTo(ref))
                .body("checksum", equalTo(checksum))
                .body("size", equalTo(file.length))
                .body("status.code", equalTo("uploading"))
                .body("location.href", startsWith("http://127.0.0.1:"))
                .body("location.expiry", matchesPattern(TIMESTAMP))
                .body("createdAt", matchesPattern(TIMESTAMP))
                .body("modifiedAt", matchesPattern(TIMESTAMP))
                .extract().jsonPath();
        String url = allocated.getString("location.href");
        assertThat(url).contains(tenant.clientKey() + "/" + ref + "/import.json.gz").contains("X-Amz-Signature=");

        Uploads.Answer upload = Uploads.put(url, file);
        assertThat(upload.status()).isEqualTo(200);
        try (InputStream stored = Store.get().open(ObjectKeys.upload(tenant.clientKey(), UUID.fromString(ref)))) {
            assertThat(stored.readAllBytes()).isEqualTo(file);
        }

        tenant.given().when().get("/v2/batches/{ref}", ref)
                .then().statusCode(200)
                .body("ref", equalTo(ref))
                .body("status.code", not(nullValue()))
                .body("createdAt", equalTo(allocated.getString("createdAt")));
    }

    @Test
    void storeRejectsWrongMd5AndMissingSignedHeaders() {
        byte[] file = TestFiles.ndjsonGz(List.of("{}"));
        String ref = UUID.randomUUID().toString();
        String url = allocate(ref, TestFiles.md5Hex(file), file.length).getString("location.href");

        // same length, other bytes: the store checks the MD5 (a body of another length fails the signature)
        byte[] other = file.clone();
        other[other.length - 1] ^= 1;
        Uploads.Answer wrongBody = Uploads.put(url, other, TestFiles.md5Base64(other), true);
        assertThat(wrongBody.status()).isIn(400, 403);

        Uploads.Answer lyingMd5 = Uploads.put(url, other, TestFiles.md5Base64(file), true);
        assertThat(lyingMd5.status()).isEqualTo(400);
        assertThat(lyingMd5.body()).contains("BadDigest");

        Uploads.Answer noMd5 = Uploads.put(url, file, null, true);
        assertThat(noMd5.status()).isEqualTo(403);

        Uploads.Answer noSse = Uploads.put(url, file, TestFiles.md5Base64(file), false);
        assertThat(noSse.status()).isEqualTo(403);

        assertThat(Store.get().head(ObjectKeys.upload(tenant.clientKey(), UUID.fromString(ref)))).isEmpty();
    }

    /**
     * The upload URL binds the declared size: a body of 5,000 bytes sent with its own correct MD5
     * against a declared size of 100 is refused by the store itself, so nothing is parked there.
     */
    @Test
    void storeRefusesABodyOfAnotherSizeThanDeclared() {
        byte[] body = new byte[5000];
        new java.util.Random(7).nextBytes(body);
        String ref = UUID.randomUUID().toString();
        String url = allocate(ref, TestFiles.md5Hex(body), 100).getString("location.href");

        Uploads.Answer tooLong = Uploads.put(url, body, TestFiles.md5Base64(body), true);

        assertThat(tooLong.status()).as("answer: %s", tooLong.body()).isEqualTo(403);
        assertThat(Store.get().head(ObjectKeys.upload(tenant.clientKey(), UUID.fromString(ref)))).isEmpty();
        // the declared size itself is accepted
        byte[] exact = java.util.Arrays.copyOf(body, 100);
        String exactRef = UUID.randomUUID().toString();
        String exactUrl = allocate(exactRef, TestFiles.md5Hex(exact), 100).getString("location.href");
        assertThat(Uploads.put(exactUrl, exact, TestFiles.md5Base64(exact), true).status()).isEqualTo(200);
    }

    @Test
    void repeatWithSameChecksumAndSizeRenewsUrlAndDifferentConflicts() {
        String ref = UUID.randomUUID().toString();
        String checksum = "b1d600dbf7463924e24647e626cd7c1e";
        JsonPath first = allocate(ref, checksum, 227);

        JsonPath again = tenant.given().body("{\"checksum\":\"" + checksum.toUpperCase() + "\",\"size\":\"227\"}")
                .when().put("/v2/batches/{ref}", ref.toUpperCase())
                .then().statusCode(200)
                .body("ref", equalTo(ref))
                .body("checksum", equalTo(checksum))
                .extract().jsonPath();
        assertThat(again.getString("location.href")).isNotBlank();
        assertThat(again.getString("createdAt")).isEqualTo(first.getString("createdAt"));

        tenant.given().body("{\"checksum\":\"" + checksum + "\",\"size\":228}")
                .when().put("/v2/batches/{ref}", ref)
                .then().statusCode(409)
                .body("status", equalTo(409)).body("code", equalTo(409))
                .body("message", equalTo("Batch already exists with another checksum or size"));
        tenant.given().body("{\"checksum\":\"00000000000000000000000000000000\",\"size\":227}")
                .when().put("/v2/batches/{ref}", ref)
                .then().statusCode(409);
    }

    @Test
    void bodyAcceptedWithAnyContentType() {
        String body = "{\"checksum\":\"b1d600dbf7463924e24647e626cd7c1e\",\"size\":227}";
        tenant.given().body(body).contentType("application/x-www-form-urlencoded")
                .when().put("/v2/batches/{ref}", UUID.randomUUID()).then().statusCode(201);
        tenant.given().body(body.getBytes()).noContentType()
                .when().put("/v2/batches/{ref}", UUID.randomUUID()).then().statusCode(201);
        tenant.given().body(body).contentType("text/plain")
                .when().put("/v2/batches/{ref}", UUID.randomUUID()).then().statusCode(201);
    }

    /** From a peer that is not a trusted proxy (none is, by default) forwarded headers change nothing. */
    @Test
    void forwardedHeadersOfAnUntrustedPeerDoNotMakeTheHref() {
        String ref = UUID.randomUUID().toString();
        String href = tenant.given().header("X-Forwarded-Proto", "https").header("X-Forwarded-Host", "cdp.example.com")
                .body("{\"checksum\":\"b1d600dbf7463924e24647e626cd7c1e\",\"size\":227}")
                .when().put("/v2/batches/{ref}", ref)
                .then().statusCode(201).extract().path("href");
        assertThat(href).isEqualTo(RestAssured.baseURI + ":" + RestAssured.port + "/v2/batches/" + ref);
    }

    JsonPath allocate(String ref, String checksum, long size) {
        return tenant.given().body("{\"checksum\":\"" + checksum + "\",\"size\":" + size + "}")
                .when().put("/v2/batches/{ref}", ref)
                .then().statusCode(201).extract().jsonPath();
    }
}
