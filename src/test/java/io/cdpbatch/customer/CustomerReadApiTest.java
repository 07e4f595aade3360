package io.cdpbatch.customer;

import static io.cdpbatch.customer.CustomerLines.apply;
import static io.cdpbatch.customer.CustomerLines.guestBy;
import static io.cdpbatch.customer.CustomerLines.orderInsert;
import static io.cdpbatch.customer.CustomerLines.ordersByReference;
import static io.cdpbatch.support.ApiErrors.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.cdpbatch.support.ApiTest;
import io.cdpbatch.support.Lines;
import io.cdpbatch.support.Tenants;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;

@QuarkusTest
@ApiTest
class CustomerReadApiTest {

    Tenants tenant;

    @Test
    void guestWithEveryField() {
        apply(tenant, Lines.guest("g").identifier("crm", "FULL").set("guestType", "customer").set("title", "Dr")
                .firstName("Ada").lastName("Lovelace").set("gender", "female").email("Ada@Example.com")
                .json("phoneNumbers", "['+44 1','+44 2']").json("street", "['1 Square']").set("country", "gb")
                .set("language", "EN").set("nationality", "British").set("city", "London").set("state", "LDN")
                .set("postCode", "SW1").set("dateOfBirth", "1815-12-10T00:00Z").set("firstSeen", "2026-01-05T09:00:00+01:00")
                .set("lastSeen", "2026-02-05T09:00:00.5Z").set("passportNumber", "P1")
                .set("passportExpiry", "2030-01-01T00:00:00Z")
                .json("subscriptions",
                        "[{'name':'news','channel':'EMAIL','pointOfSale':'shop','status':'SUBSCRIBED','effectiveDate':'2026-01-05T09:00:00Z'}]")
                .json("extensions",
                        "[{'name':'ext','key':'default','tier':'gold','points':12,'vip':true},{'name':'ext2','key':'default','score':1.5}]")
                .upsert());

        Map<String, Object> found = guestBy(tenant, "crm", "FULL");
        Map<String, Object> guest = tenant.given().get("/v2.1/guests/{ref}", found.get("ref")).then().statusCode(200)
                .extract().jsonPath().getMap("");

        assertThat(guest).isEqualTo(found);
        assertThat(guest.keySet()).containsExactly("ref", "guestType", "title", "firstName", "lastName", "gender", "email",
                "phoneNumbers", "street", "city", "state", "postCode", "country", "language", "nationality", "dateOfBirth",
                "passportNumber", "passportExpiry", "firstSeen", "lastSeen", "identifiers", "subscriptions", "extensions",
                "createdAt", "modifiedAt");
        assertThat(guest).containsEntry("guestType", "customer").containsEntry("title", "Dr").containsEntry("firstName", "Ada")
                .containsEntry("lastName", "Lovelace").containsEntry("gender", "female")
                .containsEntry("email", "ada@example.com")
                .containsEntry("phoneNumbers", List.of("+44 1", "+44 2")).containsEntry("street", List.of("1 Square"))
                .containsEntry("city", "London").containsEntry("state", "LDN").containsEntry("postCode", "SW1")
                .containsEntry("country", "GB").containsEntry("language", "en").containsEntry("nationality", "British")
                .containsEntry("dateOfBirth", "1815-12-10T00:00:00.000Z").containsEntry("passportNumber", "P1")
                .containsEntry("passportExpiry", "2030-01-01T00:00:00.000Z")
                .containsEntry("firstSeen", "2026-01-05T08:00:00.000Z").containsEntry("lastSeen", "2026-02-05T09:00:00.500Z")
                .containsEntry("identifiers", List.of(withNull(Map.of("provider", "crm", "id", "FULL"), "expiryDate")))
                .containsEntry("subscriptions", List.of(Map.of("name", "news", "channel", "EMAIL", "pointOfSale", "shop",
                        "status", "SUBSCRIBED", "effectiveDate", "2026-01-05T09:00:00.000Z")))
                .containsEntry("extensions",
                        List.of(Map.of("name", "ext", "key", "default", "tier", "gold", "points", 12, "vip", true),
                                Map.of("name", "ext2", "key", "default", "score", 1.5f)));
        assertThat((String) guest.get("ref")).matches("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
        assertThat((String) guest.get("createdAt")).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z");
    }

    /**
     * New guests, identifiers and extension groups go to the database by COPY in its text format, where a
     * tab, a line break, a backslash, {@code \N} and {@code \.} mean something: values holding them come
     * back exactly as sent.
     */
    @Test
    void valuesWithTheCharactersOfCopysTextFormatComeBackAsSent() {
        String tricky = "tab\there, line\nbreak, cr\r\nlf, back\\slash, \\N, \\., \u00e9\u4e2d\ud83d\ude00 end";
        String id = "ID\t\\N\n1";
        apply(tenant, Lines.guest("g").identifier("crm\\x", id).firstName(tricky).set("city", "\\.")
                .json("extensions", "[{'name':'ext','key':'default','note':" + Lines.text(tricky).replace('"', '\'') + "}]")
                .upsert());

        Map<String, Object> guest = guestBy(tenant, "crm\\x", id);

        assertThat(guest).containsEntry("firstName", tricky).containsEntry("city", "\\.");
        assertThat(guest.get("identifiers")).isEqualTo(List.of(withNull(Map.of("provider", "crm\\x", "id", id), "expiryDate")));
        assertThat(guest.get("extensions")).isEqualTo(List.of(Map.of("name", "ext", "key", "default", "note", tricky)));
    }

    static Map<String, Object> withNull(Map<String, Object> map, String key) {
        Map<String, Object> copy = new java.util.HashMap<>(map);
        copy.put(key, null);
        return copy;
    }

    @Test
    void emailLookupIgnoresLetterCase() {
        apply(tenant,
                Lines.guest("g1").identifier("crm", "M1").email("Mixed.Case@Example.COM").firstName("One").upsert(),
                Lines.guest("g2").identifier("crm", "M2").email("mixed.case@example.com").firstName("Two").upsert());

        JsonPath found = tenant.given().queryParam("email", "MIXED.case@example.Com").get("/v2.1/guests").then().statusCode(200)
                .extract().jsonPath();

        assertThat(found.getInt("totalCount")).isEqualTo(2);
        // two guests (different identifiers) with one e-mail; written by two workers, so either may be older
        assertThat(found.getList("items.firstName")).containsExactlyInAnyOrder("One", "Two");
        assertThat(found.getList("items.email")).containsExactly("mixed.case@example.com", "mixed.case@example.com");
        assertThat(tenant.given().queryParam("email", "other@example.com").get("/v2.1/guests").then().statusCode(200)
                .extract().jsonPath().getList("items")).isEmpty();
        assertThat(tenant.given().queryParam("identifiers.provider", "crm").queryParam("identifiers.id", "m1")
                .get("/v2.1/guests").then().statusCode(200).extract().jsonPath().getList("items")).isEmpty();
    }

    @Test
    void anotherTenantCannotReadTheGuestOrItsOrders() {
        apply(tenant, Lines.guest("g").identifier("crm", "ISO").email("iso@example.com").upsert(),
                orderInsert("o", "ORD-ISO", "2026-11-01T10:00:00Z", "crm", "ISO"));
        Object guestRef = guestBy(tenant, "crm", "ISO").get("ref");
        Object orderRef = ordersByReference(tenant, "ORD-ISO").getString("items[0].ref");
        Tenants other = Tenants.create();

        assertError(other.given().get("/v2.1/guests/{ref}", guestRef).then(), 404, "Guest not found", "Guest not found");
        assertError(other.given().get("/v2.1/guests/{ref}/orders", guestRef).then(), 404, "Guest not found", "Guest not found");
        assertError(other.given().get("/v2.1/orders/{ref}", orderRef).then(), 404, "Order not found", "Order not found");
        assertThat(CustomerLines.guestsBy(other, "crm", "ISO")).isEmpty();
        assertThat(other.given().queryParam("email", "iso@example.com").get("/v2.1/guests").then().statusCode(200)
                .extract().jsonPath().getList("items")).isEmpty();
        assertThat(ordersByReference(other, "ORD-ISO").getInt("totalCount")).isZero();
        // the owner reads them
        tenant.given().get("/v2.1/guests/{ref}", guestRef).then().statusCode(200);
        tenant.given().get("/v2.1/orders/{ref}", orderRef).then().statusCode(200);
        RestAssured.given().get("/v2.1/orders/{ref}", orderRef).then().statusCode(401);
    }

    @Test
    void ordersArePaged() {
        List<String> lines = new ArrayList<>();
        for (int day = 1; day <= 9; day += 2) {
            // two days apart: within 24 hours they would be the same order
            lines.add(orderInsert("o" + day, "PAGED", "2026-11-0" + day + "T10:00:00Z", "crm", "PAGER"));
        }
        apply(tenant, lines.toArray(String[]::new));
        Object guestRef = guestBy(tenant, "crm", "PAGER").get("ref");

        JsonPath first = tenant.given().queryParam("limit", 2).get("/v2.1/guests/{ref}/orders", guestRef).then()
                .statusCode(200).extract().jsonPath();
        assertThat(first.getInt("totalCount")).isEqualTo(5);
        assertThat(first.getInt("limit")).isEqualTo(2);
        assertThat(first.getInt("offset")).isZero();
        assertThat(first.getList("items.orderedAt")).containsExactly("2026-11-01T10:00:00.000Z", "2026-11-03T10:00:00.000Z");
        JsonPath last = tenant.given().queryParam("referenceId", "PAGED").queryParam("limit", 2).queryParam("offset", 4)
                .get("/v2.1/orders").then().statusCode(200).extract().jsonPath();
        assertThat(last.getInt("totalCount")).isEqualTo(5);
        assertThat(last.getList("items.orderedAt")).containsExactly("2026-11-09T10:00:00.000Z");
        JsonPath all = ordersByReference(tenant, "PAGED");
        assertThat(all.getInt("limit")).isEqualTo(100);
        assertThat(all.getList("items")).hasSize(5);
        JsonPath beyond = tenant.given().queryParam("referenceId", "PAGED").queryParam("offset", 10).get("/v2.1/orders")
                .then().statusCode(200).extract().jsonPath();
        assertThat(beyond.getInt("totalCount")).isEqualTo(5);
        assertThat(beyond.getList("items")).isEmpty();

        assertError(tenant.given().queryParam("referenceId", "PAGED").queryParam("limit", 0).get("/v2.1/orders").then(), 400,
                "limit must be an integer between 1 and 1000", "limit must be an integer between 1 and 1000, got \"0\"");
        assertError(tenant.given().queryParam("limit", 1001).get("/v2.1/guests/{ref}/orders", guestRef).then(), 400,
                "limit must be an integer between 1 and 1000", "limit must be an integer between 1 and 1000, got \"1001\"");
        assertError(tenant.given().queryParam("referenceId", "PAGED").queryParam("offset", "-1").get("/v2.1/orders").then(),
                400, "offset must be an integer at least 0", "offset must be an integer at least 0, got \"-1\"");
    }

    @Test
    void badRequestsAndUnknownRefs() {
        String wanted = "Give identifiers.provider and identifiers.id, or email";
        assertError(tenant.given().get("/v2.1/guests").then(), 400, wanted, wanted + ": none was given");
        assertError(tenant.given().queryParam("identifiers.provider", "crm").get("/v2.1/guests").then(), 400, wanted,
                wanted + ": identifiers.id is missing");
        assertError(tenant.given().queryParam("identifiers.id", "x").get("/v2.1/guests").then(), 400, wanted,
                wanted + ": identifiers.provider is missing");
        assertError(tenant.given().queryParam("identifiers.provider", "crm").queryParam("identifiers.id", "x")
                .queryParam("email", "a@example.com").get("/v2.1/guests").then(), 400, wanted, wanted + ", not both");
        assertError(tenant.given().get("/v2.1/guests/{ref}", "not-a-uuid").then(), 400, "guestRef must be a UUID",
                "guestRef must be a UUID such as 12af3453-62da-4b31-b646-631b7b5f3009, got \"not-a-uuid\"");
        assertError(tenant.given().get("/v2.1/guests/{ref}/orders", "1-2-3-4-5").then(), 400, "guestRef must be a UUID",
                "guestRef must be a UUID such as 12af3453-62da-4b31-b646-631b7b5f3009, got \"1-2-3-4-5\"");
        assertError(tenant.given().get("/v2.1/orders/{ref}", "x").then(), 400, "orderRef must be a UUID",
                "orderRef must be a UUID such as 12af3453-62da-4b31-b646-631b7b5f3009, got \"x\"");
        assertError(tenant.given().get("/v2.1/guests/{ref}", "12af3453-62da-4b31-b646-631b7b5f3009").then(), 404,
                "Guest not found", "Guest not found");
        assertError(tenant.given().get("/v2.1/orders/{ref}", "12af3453-62da-4b31-b646-631b7b5f3009").then(), 404,
                "Order not found", "Order not found");
        assertError(tenant.given().get("/v2.1/orders").then(), 400, "referenceId is required",
                "referenceId is required: GET /v2.1/orders?referenceId=...");
    }
}
