package io.cdpbatch.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.cdpbatch.support.ApiTest;
import io.cdpbatch.support.Management;
import io.quarkus.test.junit.QuarkusTest;

/** The OpenAPI document lists every route with every response it can give. */
@QuarkusTest
@ApiTest
class OpenApiTest {

    /** Route (method and path) to its documented response codes. */
    static final Map<String, List<String>> ROUTES = Map.ofEntries(
            Map.entry("put /v2/batches/{ref}", List.of("200", "201", "400", "401", "409", "429", "500", "503")),
            Map.entry("get /v2/batches/{ref}", List.of("200", "400", "401", "404", "500")),
            Map.entry("get /v2/batches/inspect/{ref}", List.of("200", "400", "401", "404", "500")),
            Map.entry("get /v2/batches/inspect", List.of("200", "400", "401", "500")),
            Map.entry("post /admin/clients", List.of("201", "401", "404")),
            Map.entry("get /admin/clients", List.of("200", "401", "404")),
            Map.entry("delete /admin/clients/{clientKey}", List.of("204", "401", "404")),
            Map.entry("put /v2/webhooks/{id}", List.of("200", "201", "400", "401", "409", "500", "503")),
            Map.entry("get /v2/webhooks", List.of("200", "401", "500", "503")),
            Map.entry("get /v2/webhooks/{id}", List.of("200", "400", "401", "404", "500", "503")),
            Map.entry("delete /v2/webhooks/{id}", List.of("204", "400", "401", "404", "500", "503")),
            Map.entry("get /v2/webhooks/deliveries", List.of("200", "400", "401", "500", "503")));

    JsonNode document;

    @BeforeEach
    void setUp() throws Exception {
        String json = Management.given().queryParam("format", "json").get("/q/openapi")
                .then().statusCode(200).extract().asString();
        document = new ObjectMapper().readTree(json);
    }

    @Test
    void everyRouteWithItsResponses() {
        List<String> listed = new ArrayList<>();
        document.path("paths").fields().forEachRemaining(path -> path.getValue().fields()
                .forEachRemaining(op -> listed.add(op.getKey() + " " + path.getKey())));
        assertThat(listed).containsAll(ROUTES.keySet());

        ROUTES.forEach((route, codes) -> {
            String[] parts = route.split(" ");
            JsonNode operation = document.path("paths").path(parts[1]).path(parts[0]);
            List<String> documented = new ArrayList<>();
            operation.path("responses").fieldNames().forEachRemaining(documented::add);
            assertThat(documented).as(route).containsExactlyInAnyOrderElementsOf(codes);
            assertThat(operation.path("summary").asText()).as(route + " summary").isNotBlank();
            operation.path("responses").fields().forEachRemaining(response -> {
                if (response.getKey().startsWith("4") || response.getKey().startsWith("5")) {
                    JsonNode content = response.getValue().path("content").path("application/json");
                    assertThat(content.path("schema").path("$ref").asText()).as(route + " " + response.getKey())
                            .isEqualTo("#/components/schemas/ApiError");
                    assertThat(content.path("examples").size()).as(route + " " + response.getKey() + " examples")
                            .isPositive();
                }
            });
        });
    }

    @Test
    void allocateBodyAndSecurity() throws Exception {
        JsonNode allocate = document.path("paths").path("/v2/batches/{ref}").path("put");
        JsonNode example = allocate.path("requestBody").path("content").path("application/json").path("examples")
                .path("size as number").path("value");
        JsonNode body = example.isTextual() ? new ObjectMapper().readTree(example.asText()) : example;
        assertThat(body.path("checksum").asText()).isEqualTo("b1d600dbf7463924e24647e626cd7c1e");
        assertThat(body.path("size").asInt()).isEqualTo(227);
        assertThat(allocate.path("responses").path("201").path("headers").has("Location")).isTrue();

        JsonNode schemes = document.path("components").path("securitySchemes");
        assertThat(schemes.path("basic").path("scheme").asText()).isEqualTo("basic");
        assertThat(schemes.path("adminBearer").path("scheme").asText()).isEqualTo("bearer");
        assertThat(allocate.path("security").get(0).has("basic")).isTrue();
        assertThat(document.path("paths").path("/admin/clients").path("post").path("security").get(0).has("adminBearer"))
                .isTrue();

        JsonNode list = document.path("paths").path("/v2/batches/inspect").path("get");
        List<String> parameters = new ArrayList<>();
        list.path("parameters").forEach(p -> parameters.add(p.path("name").asText()));
        assertThat(parameters).containsExactlyInAnyOrder("status", "createdBefore", "createdAfter", "search", "sort",
                "limit", "offset", "dryRun");

        // the allocation extensions: dryRun in the allocation body, dryRun and duplicateOf in the answer
        JsonNode schemas = document.path("components").path("schemas");
        assertThat(schemas.path("AllocateRequest").path("properties").has("dryRun")).isTrue();
        assertThat(schemas.path("BatchView").path("properties").has("dryRun")).isTrue();
        assertThat(schemas.path("BatchView").path("properties").has("duplicateOf")).isTrue();
        assertThat(schemas.path("BatchListItem").path("properties").has("dryRun")).isTrue();
        assertThat(allocate.path("requestBody").path("content").path("application/json").path("examples").has("dry run"))
                .isTrue();
    }

    @Test
    void flightOrdersInTheReadApi() throws Exception {
        JsonNode schemas = document.path("components").path("schemas");
        List<String> consumer = new ArrayList<>();
        schemas.path("Consumer").path("properties").fieldNames().forEachRemaining(consumer::add);
        assertThat(consumer).contains("guestRef", "firstName", "lastName", "identifiers", "orderItems");
        assertThat(schemas.path("Order").path("properties").path("consumers").path("items").path("$ref").asText())
                .isEqualTo("#/components/schemas/Consumer");
        assertThat(schemas.path("Order").path("properties").path("role").path("enum").toString())
                .isEqualTo("[\"contact\",\"consumer\"]");
        assertThat(schemas.path("OrderItemView").path("properties").path("flightSegments").path("items").path("$ref").asText())
                .isEqualTo("#/components/schemas/FlightSegment");
        assertThat(schemas.path("OrderItemView").path("properties").has("consumerTypeCode")).isTrue();

        JsonNode examples = document.path("paths").path("/v2.1/orders/{orderRef}").path("get").path("responses").path("200")
                .path("content").path("application/json").path("examples");
        JsonNode flight = examples.path("flight order").path("value");
        JsonNode order = flight.isTextual() ? new ObjectMapper().readTree(flight.asText()) : flight;
        assertThat(order.path("consumers").size()).isEqualTo(2);
        assertThat(order.path("orderItems").get(1).path("consumerTypeCode").asText()).isEqualTo("CHD");
        assertThat(order.path("orderItems").get(0).path("flightSegments").size()).isEqualTo(2);
        JsonNode guests = document.path("paths").path("/v2.1/guests/{guestRef}").path("get").path("responses").path("200")
                .path("content").path("application/json").path("examples").path("traveller").path("value");
        JsonNode traveller = guests.isTextual() ? new ObjectMapper().readTree(guests.asText()) : guests;
        assertThat(traveller.path("guestType").asText()).isEqualTo("traveller");
        JsonNode page = document.path("paths").path("/v2.1/guests/{guestRef}/orders").path("get").path("responses")
                .path("200").path("content").path("application/json").path("examples").path("page").path("value");
        JsonNode roles = page.isTextual() ? new ObjectMapper().readTree(page.asText()) : page;
        assertThat(roles.path("items").findValuesAsText("role")).containsExactly("contact", "consumer");
    }

    @Test
    void statusSchemaHasTheFailedRecordsAndTheErrorSummary() throws Exception {
        JsonNode schemas = document.path("components").path("schemas");
        assertThat(schemas.path("StatusView").path("properties").has("failedRecords")).isTrue();
        assertThat(schemas.path("BatchListItem").path("properties").has("failedRecords")).isTrue();
        assertThat(schemas.path("SummaryView").path("properties").path("errors").path("items").path("$ref").asText())
                .isEqualTo("#/components/schemas/ErrorGroupView");
        List<String> sample = new ArrayList<>();
        schemas.path("ErrorSampleView").path("properties").fieldNames().forEachRemaining(sample::add);
        assertThat(sample).containsExactlyInAnyOrder("line", "ref", "detail");
        JsonNode example = document.path("paths").path("/v2/batches/{ref}").path("get").path("responses").path("200")
                .path("content").path("application/json").path("examples").path("error with log").path("value");
        JsonNode body = example.isTextual() ? new ObjectMapper().readTree(example.asText()) : example;
        assertThat(body.path("status").path("failedRecords").asText()).contains("/failed-records.json.gz");
        assertThat(body.path("status").path("summary").path("errors").get(0).path("count").asLong()).isEqualTo(1);
    }

    @Test
    void swaggerUiIsServed() {
        Management.given().get("/q/swagger-ui/").then().statusCode(200);
    }
}
