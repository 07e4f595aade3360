package io.cdpbatch.customer;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import io.cdpbatch.support.Batches;
import io.cdpbatch.support.Lines;
import io.cdpbatch.support.Tenants;
import io.cdpbatch.support.Uploads;
import io.restassured.path.json.JsonPath;

/**
 * Order values and read-API calls for the customer tests (record lines: {@link Lines}); single quotes stand for
 * double quotes.
 */
final class CustomerLines {

    private CustomerLines() {
    }

    static String ids(String provider, String id) {
        return "'identifiers':[{'provider':'" + provider + "','id':'" + id + "'}]";
    }

    static String item(String name) {
        return "{'type':'PRODUCT','productId':'SKU-1','name':'" + name + "','description':'1.7 l kettle','vendor':'Acme',"
                + "'price':129.9,'currencyCode':'EUR','referenceId':'ITEM-1','status':'PURCHASED','quantity':1,"
                + "'extensions':[{'name':'ext','key':'default','color':'red'}]}";
    }

    /** A complete order value for this contact; {@code extra} replaces nothing, it is appended. */
    static String order(String referenceId, String orderedAt, String contact, String extra) {
        return "{'referenceId':'" + referenceId + "','channel':'WEB','pointOfSale':'shop.example.com','status':'PURCHASED',"
                + "'orderedAt':'" + orderedAt + "','currencyCode':'EUR','price':129.9,'paymentType':'Card','cardType':'VISA',"
                + "'contact':" + contact + ",'orderItems':[" + item("Kettle") + "],"
                + "'extensions':[{'name':'ext','key':'default','giftWrap':true,'points':12}]"
                + (extra.isEmpty() ? "" : "," + extra) + "}";
    }

    static String contact(String provider, String id) {
        return Lines.person().identifier(provider, id).value();
    }

    static String orderInsert(String ref, String referenceId, String orderedAt, String provider, String id) {
        return Lines.line(ref, "order", "insert", order(referenceId, orderedAt, contact(provider, id), ""));
    }

    /** Uploads the lines and waits until the batch ends; returns the inspect body. */
    static JsonPath process(Tenants tenant, String... lines) {
        String ref = Batches.uploadLines(tenant, List.of(lines));
        return Batches.awaitTerminal(tenant, ref);
    }

    /** Processes the lines and checks that every one succeeded. */
    static void apply(Tenants tenant, String... lines) {
        JsonPath done = process(tenant, lines);
        assertThat(done.getString("status.code")).as("batch %s", done.prettify()).isEqualTo("success");
        assertThat(done.getLong("status.summary.succeededCount")).isEqualTo(lines.length);
    }

    /** The error log lines as "ref|code|message|detail". */
    static List<String> log(JsonPath done) {
        return Batches.gunzipLines(Uploads.get(done.getString("status.log"))).stream().map(JsonPath::new)
                .map(l -> l.getString("ref") + "|" + l.getString("code") + "|" + l.getString("message") + "|"
                        + l.getString("detail"))
                .toList();
    }

    /** The guests holding this identifier (0 or 1). */
    static List<Map<String, Object>> guestsBy(Tenants tenant, String provider, String id) {
        return tenant.given().queryParam("identifiers.provider", provider).queryParam("identifiers.id", id)
                .get("/v2.1/guests").then().statusCode(200).extract().jsonPath().getList("items");
    }

    /** The one guest holding this identifier. */
    static Map<String, Object> guestBy(Tenants tenant, String provider, String id) {
        List<Map<String, Object>> guests = guestsBy(tenant, provider, id);
        assertThat(guests).as("guests %s/%s", provider, id).hasSize(1);
        return guests.get(0);
    }

    static JsonPath ordersByReference(Tenants tenant, String referenceId) {
        return tenant.given().queryParam("referenceId", referenceId).get("/v2.1/orders").then().statusCode(200).extract()
                .jsonPath();
    }

    static JsonPath ordersOf(Tenants tenant, Object guestRef) {
        return tenant.given().get("/v2.1/guests/{ref}/orders", guestRef).then().statusCode(200).extract().jsonPath();
    }
}
