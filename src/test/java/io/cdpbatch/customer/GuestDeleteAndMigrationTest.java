package io.cdpbatch.customer;

import static io.cdpbatch.customer.CustomerLines.apply;
import static io.cdpbatch.customer.CustomerLines.contact;
import static io.cdpbatch.customer.CustomerLines.guestBy;
import static io.cdpbatch.customer.CustomerLines.guestsBy;
import static io.cdpbatch.customer.CustomerLines.ids;
import static io.cdpbatch.customer.CustomerLines.log;
import static io.cdpbatch.customer.CustomerLines.order;
import static io.cdpbatch.customer.CustomerLines.orderInsert;
import static io.cdpbatch.customer.CustomerLines.ordersByReference;
import static io.cdpbatch.customer.CustomerLines.ordersOf;
import static io.cdpbatch.customer.CustomerLines.process;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.cdpbatch.support.ApiTest;
import io.cdpbatch.support.Lines;
import io.cdpbatch.support.Tenants;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

@QuarkusTest
@ApiTest
class GuestDeleteAndMigrationTest {

    Tenants tenant;

    @Test
    void deleteKeepsTheOrdersDetachedGdprDeleteRemovesThem() {
        apply(tenant,
                Lines.guest("g1").identifier("crm", "KEEP").email("keep@example.com").upsert(),
                Lines.guest("g2").identifier("crm", "GDPR").email("gdpr@example.com").upsert(),
                orderInsert("o1", "ORD-KEEP", "2026-11-01T10:00:00Z", "crm", "KEEP"),
                orderInsert("o2", "ORD-GDPR", "2026-11-01T10:00:00Z", "crm", "GDPR"));
        Object keepRef = guestBy(tenant, "crm", "KEEP").get("ref");
        Object gdprRef = guestBy(tenant, "crm", "GDPR").get("ref");

        apply(tenant,
                Lines.guest("d1").identifier("crm", "KEEP").delete(),
                Lines.guest("d2").email("GDPR@example.com").gdprDelete());

        assertThat(guestsBy(tenant, "crm", "KEEP")).isEmpty();
        assertThat(guestsBy(tenant, "crm", "GDPR")).isEmpty();
        tenant.given().get("/v2.1/guests/{ref}", keepRef).then().statusCode(404);
        tenant.given().get("/v2.1/guests/{ref}", gdprRef).then().statusCode(404);
        JsonPath kept = ordersByReference(tenant, "ORD-KEEP");
        assertThat(kept.getInt("totalCount")).isEqualTo(1);
        assertThat(kept.getMap("items[0]")).containsEntry("contact", null);
        assertThat(kept.getList("items[0].orderItems")).hasSize(1);
        assertThat(ordersByReference(tenant, "ORD-GDPR").getInt("totalCount")).isZero();
    }

    @Test
    void deleteOutcomes() {
        apply(tenant, Lines.guest("g1").identifier("crm", "X").upsert());

        JsonPath done = process(tenant,
                Lines.guest("none").delete(),
                Lines.line("nulls", "guest", "gdpr_delete", "{'identifiers':null,'email':null}"),
                Lines.guest("unknown").identifier("crm", "UNKNOWN").delete(),
                Lines.guest("unknownMail").email("nobody@example.com").gdprDelete(),
                Lines.guest("ok").identifier("crm", "X").delete(),
                Lines.guest("again").identifier("crm", "X").delete());

        assertThat(done.getLong("status.summary.succeededCount")).isEqualTo(1);
        assertThat(log(done)).containsExactly(
                "none|400|Not Enough Identifying Info|value: no identifiers and no email",
                "nulls|400|Not Enough Identifying Info|value: no identifiers and no email",
                "unknown|404|Guest not found|value.identifiers: no guest has any of these identifiers",
                "unknownMail|404|Guest not found|value.email: no guest has this email",
                "again|404|Guest not found|value.identifiers: no guest has any of these identifiers");
        assertThat(guestsBy(tenant, "crm", "X")).isEmpty();
    }

    @Test
    void migrationMovesTheOrdersAndRetiresTheSource() {
        apply(tenant,
                Lines.guest("s").identifier("crm", "SOURCE").firstName("Source").set("city", "Oslo").upsert(),
                Lines.guest("t").identifier("crm", "TARGET").firstName("Target").set("city", "Paris")
                        .json("extensions", "[{'name':'ext','key':'default','tier':'gold'}]").upsert(),
                orderInsert("o1", "ORD-S1", "2026-11-01T10:00:00Z", "crm", "SOURCE"),
                orderInsert("o2", "ORD-S2", "2026-11-02T10:00:00Z", "crm", "SOURCE"),
                orderInsert("o3", "ORD-T1", "2026-11-03T10:00:00Z", "crm", "TARGET"));
        Map<String, Object> source = guestBy(tenant, "crm", "SOURCE");
        Map<String, Object> target = guestBy(tenant, "crm", "TARGET");

        JsonPath done = process(tenant,
                Lines.migration("m").from("crm", "SOURCE").to("crm", "TARGET").line(),
                Lines.migration("gone").from("crm", "SOURCE").to("crm", "TARGET").line(),
                Lines.migration("noTarget").from("crm", "TARGET").to("crm", "NOBODY").line());

        assertThat(done.getLong("status.summary.succeededCount")).isEqualTo(1);
        assertThat(log(done)).containsExactly(
                "gone|404|Guest not found|value.migrateFrom.identifiers: no guest has any of these identifiers",
                "noTarget|404|Guest not found|value.migrateTo.identifiers: no guest has any of these identifiers");
        assertThat(guestsBy(tenant, "crm", "SOURCE")).isEmpty();
        tenant.given().get("/v2.1/guests/{ref}", source.get("ref")).then().statusCode(404);
        assertThat(guestBy(tenant, "crm", "TARGET")).isEqualTo(target);
        JsonPath orders = ordersOf(tenant, target.get("ref"));
        assertThat(orders.getInt("totalCount")).isEqualTo(3);
        assertThat(orders.getList("items.referenceId")).containsExactly("ORD-S1", "ORD-S2", "ORD-T1");
    }

    @Test
    void identifiersOfTwoGuestsAreAConflictAndChangeNothing() {
        apply(tenant,
                Lines.guest("g1").identifier("crm", "ONE").firstName("One").upsert(),
                Lines.guest("g2").identifier("crm", "TWO").firstName("Two").upsert(),
                orderInsert("o1", "ORD-1", "2026-11-01T10:00:00Z", "crm", "ONE"));
        Map<String, Object> one = guestBy(tenant, "crm", "ONE");
        Map<String, Object> two = guestBy(tenant, "crm", "TWO");
        String both = "'identifiers':[{'provider':'crm','id':'ONE'},{'provider':'crm','id':'TWO'},{'provider':'crm','id':'NEW'}]";

        JsonPath done = process(tenant,
                Lines.line("upsert", "guest", "upsert", "{" + both + ",'firstName':'Merged'}"),
                Lines.line("order", "order", "insert", order("ORD-2", "2026-11-01T10:00:00Z", "{" + both + "}", "")),
                Lines.line("orderUpsert", "order", "upsert",
                        "{'referenceId':'ORD-1','status':'CANCELLED','contact':{" + both + "}}"),
                Lines.line("delete", "guest", "delete", "{" + both + "}"),
                Lines.line("migration", "migration", "guest",
                        "{'migrateFrom':{" + both + "},'migrateTo':{" + ids("crm", "X") + "}}"));

        assertThat(done.getLong("status.summary.succeededCount")).isZero();
        assertThat(log(done)).containsExactly(
                "upsert|409|Identity conflict|value.identifiers: the identifiers belong to 2 different guests",
                "order|409|Identity conflict|value.contact.identifiers: the identifiers belong to 2 different guests",
                "orderUpsert|409|Identity conflict|value.contact.identifiers: the identifiers belong to 2 different guests",
                "delete|409|Identity conflict|value.identifiers: the identifiers belong to 2 different guests",
                "migration|409|Identity conflict|value.migrateFrom.identifiers: the identifiers belong to 2 different guests");
        assertThat(guestBy(tenant, "crm", "ONE")).isEqualTo(one);
        assertThat(guestBy(tenant, "crm", "TWO")).isEqualTo(two);
        assertThat(guestsBy(tenant, "crm", "NEW")).isEmpty();
        assertThat(ordersByReference(tenant, "ORD-2").getInt("totalCount")).isZero();
        assertThat(ordersByReference(tenant, "ORD-1").getString("items[0].status")).isEqualTo("PURCHASED");
    }

    @Test
    void recordsAboutOneGuestTakeEffectInFileOrder() {
        JsonPath done = process(tenant,
                Lines.guest("a1").identifier("crm", "A").firstName("First").upsert(),
                Lines.guest("b1").identifier("crm", "B").firstName("First").upsert(),
                orderInsert("a2", "ORD-A1", "2026-11-01T10:00:00Z", "crm", "A"),
                orderInsert("b2", "ORD-B1", "2026-11-01T10:00:00Z", "crm", "B"),
                Lines.guest("a3").identifier("crm", "A").delete(),
                Lines.guest("b3").identifier("crm", "B").gdprDelete(),
                Lines.guest("a4").identifier("crm", "A").lastName("Again").upsert(),
                Lines.guest("b4").identifier("crm", "B").lastName("Again").upsert(),
                orderInsert("b5", "ORD-B2", "2026-11-02T10:00:00Z", "crm", "B"),
                Lines.line("b6", "order", "upsert",
                        "{'referenceId':'ORD-B2','status':'CONFIRMED','contact':" + contact("crm", "B") + "}"));

        assertThat(done.getString("status.code")).isEqualTo("success");
        assertThat(done.getLong("status.summary.succeededCount")).isEqualTo(10);
        Map<String, Object> a = guestBy(tenant, "crm", "A");
        Map<String, Object> b = guestBy(tenant, "crm", "B");
        // re-created after the delete: the first upsert's firstName went with the deleted guest
        assertThat(a).containsEntry("firstName", null).containsEntry("lastName", "Again");
        assertThat(b).containsEntry("firstName", null).containsEntry("lastName", "Again");
        assertThat(ordersOf(tenant, a.get("ref")).getInt("totalCount")).isZero();
        assertThat(ordersByReference(tenant, "ORD-A1").getMap("items[0]")).containsEntry("contact", null);
        assertThat(ordersByReference(tenant, "ORD-B1").getInt("totalCount")).isZero();
        JsonPath ofB = ordersOf(tenant, b.get("ref"));
        assertThat(ofB.getList("items.referenceId")).containsExactly("ORD-B2");
        assertThat(ofB.getList("items.status")).containsExactly("CONFIRMED");
    }
}
