package io.cdpbatch.records;

import static io.cdpbatch.records.RecordLines.record;
import static io.cdpbatch.records.RecordLines.rejection;
import static io.cdpbatch.records.RecordLines.repeat;
import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import io.cdpbatch.support.Lines;

class GuestUpsertParsingTest {

    @Test
    void everyFieldIsParsedTyped() {
        GuestUpsert guest = record(Lines.line("r1", "guest", "upsert", """
                {'identifiers':[{'provider':'email','id':'Ann@Example.com','expiryDate':'2030-01-01T00:00:00.5+01:00'},\
                {'provider':'loyalty','id':'L-1'}],\
                'guestType':'customer','title':'Dr','firstName':'Ann','lastName':'Lee','gender':'female',\
                'email':'Ann.Lee@Example.COM','phoneNumbers':['+353 1 234'],'street':['1 Main St','Apt 2'],\
                'country':'ie','language':'EN','nationality':'Irish','city':'Dublin','state':'Leinster',\
                'postCode':'D01','dateOfBirth':'1985-12-24T00:00Z','firstSeen':'2024-01-02T03:04:05Z',\
                'lastSeen':'2024-01-02T03:04:05.123456789-0530','passportExpiry':'2031-06-30T12:00+02',\
                'passportNumber':'P123',\
                'subscriptions':[{'name':'news','channel':'EMAIL','pointOfSale':'shop','status':'SUBSCRIBED',\
                'effectiveDate':'2024-01-01T00:00Z'}],\
                'extensions':[{'name':'ext','key':'default','loyaltyTier':'gold','vip':true,'points':1250,'ratio':0.50},\
                {'name':'ext5','key':'default'}]}"""), GuestUpsert.class);

        assertThat(guest.identifiers()).containsExactly(
                new Identifier("email", "Ann@Example.com", Instant.parse("2029-12-31T23:00:00.5Z")),
                new Identifier("loyalty", "L-1", null));
        assertThat(guest.email()).isEqualTo("ann.lee@example.com");
        assertThat(guest.guestType()).isEqualTo("customer");
        assertThat(guest.title()).isEqualTo("Dr");
        assertThat(guest.firstName()).isEqualTo("Ann");
        assertThat(guest.lastName()).isEqualTo("Lee");
        assertThat(guest.gender()).isEqualTo("female");
        assertThat(guest.phoneNumbers()).containsExactly("+353 1 234");
        assertThat(guest.street()).containsExactly("1 Main St", "Apt 2");
        assertThat(guest.country()).isEqualTo("IE");
        assertThat(guest.language()).isEqualTo("en");
        assertThat(guest.nationality()).isEqualTo("Irish");
        assertThat(guest.city()).isEqualTo("Dublin");
        assertThat(guest.state()).isEqualTo("Leinster");
        assertThat(guest.postCode()).isEqualTo("D01");
        assertThat(guest.dateOfBirth()).isEqualTo(Instant.parse("1985-12-24T00:00:00Z"));
        assertThat(guest.firstSeen()).isEqualTo(Instant.parse("2024-01-02T03:04:05Z"));
        assertThat(guest.lastSeen()).isEqualTo(Instant.parse("2024-01-02T08:34:05.123456789Z"));
        assertThat(guest.passportExpiry()).isEqualTo(Instant.parse("2031-06-30T10:00:00Z"));
        assertThat(guest.passportNumber()).isEqualTo("P123");
        assertThat(guest.subscriptions()).containsExactly(
                new Subscription("news", "EMAIL", "shop", "SUBSCRIBED", Instant.parse("2024-01-01T00:00:00Z")));
        assertThat(guest.extensions()).hasSize(2);
        assertThat(guest.extensions().get(0).name()).isEqualTo("ext");
        assertThat(guest.extensions().get(0).attributes()).containsExactly(
                Map.entry("loyaltyTier", "gold"), Map.entry("vip", true), Map.entry("points", new BigDecimal("1250")),
                Map.entry("ratio", new BigDecimal("0.50")));
        assertThat(guest.extensions().get(1)).isEqualTo(new ExtensionGroup("ext5", Map.of()));
        assertThat(guest.given()).containsExactlyInAnyOrder(GuestField.values());
        assertThat(guest.routingKey()).isEqualTo("i:email\u0000Ann@Example.com");
    }

    @Test
    void onlyGivenFieldsAreMarkedAndEmailRoutesWithoutIdentifiers() {
        GuestUpsert guest = record(Lines.guest("r1").email("Bob@Example.com").firstName("Bob").upsert(), GuestUpsert.class);

        assertThat(guest.given()).containsExactlyInAnyOrder(GuestField.EMAIL, GuestField.FIRST_NAME);
        assertThat(guest.identifiers()).isEmpty();
        assertThat(guest.subscriptions()).isEmpty();
        assertThat(guest.extensions()).isEmpty();
        assertThat(guest.lastName()).isNull();
        assertThat(guest.has(GuestField.LAST_NAME)).isFalse();
        assertThat(guest.routingKey()).isEqualTo("e:bob@example.com");
    }

    @Test
    void nullClearsScalarsAndStringArraysButIsAbsentForMergedLists() {
        GuestUpsert guest = record(Lines.line("r1", "guest", "upsert", """
                {'identifiers':[{'provider':'crm','id':'7','expiryDate':null}],'email':null,'firstName':null,\
                'phoneNumbers':null,'dateOfBirth':null,'subscriptions':null,'extensions':null}"""), GuestUpsert.class);

        assertThat(guest.given()).containsExactlyInAnyOrder(GuestField.IDENTIFIERS, GuestField.EMAIL,
                GuestField.FIRST_NAME, GuestField.PHONE_NUMBERS, GuestField.DATE_OF_BIRTH);
        assertThat(guest.email()).isNull();
        assertThat(guest.firstName()).isNull();
        assertThat(guest.phoneNumbers()).isNull();
        assertThat(guest.dateOfBirth()).isNull();
        assertThat(guest.subscriptions()).isEmpty();
        assertThat(guest.extensions()).isEmpty();
        assertThat(guest.identifiers()).containsExactly(new Identifier("crm", "7", null));
    }

    @Test
    void limitsAreInclusive() {
        String name255 = repeat('é', 255);
        String email254 = repeat('a', 64) + "@" + repeat('b', 63) + "." + repeat('c', 63) + "." + repeat('d', 61);
        GuestUpsert guest = record(Lines.line("r1", "guest", "upsert", "{'email':'" + email254 + "','firstName':'" + name255
                + "','dateOfBirth':'2025-12-31T23:59:59.999999999Z','firstSeen':'2999-01-01T00:00Z'}"),
                GuestUpsert.class);

        assertThat(guest.email()).hasSize(254);
        assertThat(guest.firstName()).isEqualTo(name255);
        assertThat(guest.dateOfBirth()).isEqualTo(Instant.parse("2025-12-31T23:59:59.999999999Z"));
    }

    @Test
    void emptyIdentifiersWithEmailAreEnough() {
        GuestUpsert guest = record(Lines.guest("r1").json("identifiers", "[]").email("x@y.org").upsert(), GuestUpsert.class);

        assertThat(guest.identifiers()).isEqualTo(List.of());
        assertThat(guest.routingKey()).isEqualTo("e:x@y.org");
    }

    static Stream<Arguments> badGuests() {
        return Stream.of(
                bad("{'email':'a@b.com','favouriteColour':'blue'}", "value.favouriteColour: unknown attribute"),
                bad("{'email':'a@b.com','firstName':12}", "value.firstName: must be a string, got number"),
                bad("{'email':'a@b.com','lastName':['Lee']}", "value.lastName: must be a string, got array"),
                bad("{'email':'a@b.com','city':{'name':'x'}}", "value.city: must be a string, got object"),
                bad("{'email':'a@b.com','postCode':true}", "value.postCode: must be a string, got boolean"),
                bad("{'email':'a@b.com','firstName':'" + repeat('x', 256) + "'}",
                        "value.firstName: at most 255 characters, got 256"),
                bad("{'email':'a@b.com','passportNumber':'" + repeat('9', 300) + "'}",
                        "value.passportNumber: at most 255 characters, got 300"),
                bad("{'email':'a@b.com','firstName':'A\\u0000B'}", "value.firstName: must not contain the NUL character"),
                bad("{'email':'a@b.com','lastName':'\\ud800x'}", "value.lastName: contains an unpaired UTF-16 surrogate"),
                bad("{'email':'a@b.com','guestType':'visitor'}", "value.guestType: must be one of customer, got \"visitor\""),
                bad("{'email':'a@b.com','title':'mr'}", "value.title: must be one of " + GuestValues.TITLES_LISTED
                        + ", got \"mr\""),
                bad("{'email':'a@b.com','gender':'Male'}", "value.gender: must be one of male, female, unknown, got \"Male\""),
                bad("{'email':'not-an-email'}", "value.email: not a valid e-mail address"),
                bad("{'email':'ann@localhost'}", "value.email: not a valid e-mail address"),
                bad("{'email':'ann..lee@example.com'}", "value.email: not a valid e-mail address"),
                bad("{'email':'ann lee@example.com'}", "value.email: not a valid e-mail address"),
                bad("{'email':'ann@exa_mple.com'}", "value.email: not a valid e-mail address"),
                bad("{'email':'ann@-example.com'}", "value.email: not a valid e-mail address"),
                bad("{'email':'ann@example.123'}", "value.email: not a valid e-mail address"),
                bad("{'email':'@example.com'}", "value.email: not a valid e-mail address"),
                bad("{'email':''}", "value.email: not a valid e-mail address"),
                bad("{'email':'" + repeat('a', 65) + "@example.com'}", "value.email: not a valid e-mail address"),
                bad("{'email':'" + repeat('a', 64) + "@" + repeat('b', 63) + "." + repeat('c', 63) + "." + repeat('d', 62)
                        + "'}",
                        "value.email: not a valid e-mail address (at most 254 characters, got 255)"),
                bad("{'email':42}", "value.email: must be a string, got number"),
                bad("{'email':'a@b.com','phoneNumbers':'+353 1'}", "value.phoneNumbers: must be an array, got string"),
                bad("{'email':'a@b.com','phoneNumbers':[353]}", "value.phoneNumbers[0]: must be a string, got number"),
                bad("{'email':'a@b.com','street':['x',null]}", "value.street[1]: must be a string, got null"),
                bad("{'email':'a@b.com','country':'XX'}",
                        "value.country: not an ISO 3166-1 alpha-2 country code, got \"XX\""),
                bad("{'email':'a@b.com','country':'USA'}",
                        "value.country: not an ISO 3166-1 alpha-2 country code, got \"USA\""),
                bad("{'email':'a@b.com','language':'english'}",
                        "value.language: not an ISO 639-1 language code, got \"english\""),
                bad("{'email':'a@b.com','language':'qq'}", "value.language: not an ISO 639-1 language code, got \"qq\""),
                bad("{'email':'a@b.com','dateOfBirth':'2085-12-24T00:00Z'}",
                        "value.dateOfBirth: must be in the past, got \"2085-12-24T00:00Z\""),
                bad("{'email':'a@b.com','dateOfBirth':'2026-01-01T00:00:00Z'}",
                        "value.dateOfBirth: must be in the past, got \"2026-01-01T00:00:00Z\""),
                bad("{'email':'a@b.com','dateOfBirth':'24/12/1985'}",
                        "value.dateOfBirth: must be " + Fields.DATE_TIME_FORMAT + ", got \"24/12/1985\""),
                bad("{'email':'a@b.com','dateOfBirth':'1985-12-24'}",
                        "value.dateOfBirth: must be " + Fields.DATE_TIME_FORMAT + ", got \"1985-12-24\""),
                bad("{'email':'a@b.com','firstSeen':'2024-01-02T03:04:05'}",
                        "value.firstSeen: must be " + Fields.DATE_TIME_FORMAT + ", got \"2024-01-02T03:04:05\""),
                bad("{'email':'a@b.com','firstSeen':'2023-02-29T00:00Z'}",
                        "value.firstSeen: must be " + Fields.DATE_TIME_FORMAT + ", got \"2023-02-29T00:00Z\""),
                bad("{'email':'a@b.com','lastSeen':1704164645}",
                        "value.lastSeen: must be a string (ISO-8601 date-time), got number"),
                bad("{'email':'a@b.com','passportExpiry':'2030-01-01T24:00Z'}",
                        "value.passportExpiry: must be " + Fields.DATE_TIME_FORMAT + ", got \"2030-01-01T24:00Z\""),
                bad("{'email':'a@b.com','passportExpiry':'2030-01-01T10:00+19:00'}",
                        "value.passportExpiry: must be " + Fields.DATE_TIME_FORMAT + ", got \"2030-01-01T10:00+19:00\""),
                bad("{'email':'a@b.com','passportExpiry':'2030-01-01T10:00:00.1234567891Z'}", "value.passportExpiry: must be "
                        + Fields.DATE_TIME_FORMAT + ", got \"2030-01-01T10:00:00.1234567891Z\""),
                bad("{'identifiers':{'provider':'p','id':'1'}}", "value.identifiers: must be an array, got object"),
                bad("{'identifiers':['p:1']}", "value.identifiers[0]: must be an object, got string"),
                bad("{'identifiers':[{'id':'1'}]}", "value.identifiers[0].provider: required"),
                bad("{'identifiers':[{'provider':'p'}]}", "value.identifiers[0].id: required"),
                bad("{'identifiers':[{'provider':'','id':'1'}]}", "value.identifiers[0].provider: must not be empty"),
                bad("{'identifiers':[{'provider':'p','id':7}]}", "value.identifiers[0].id: must be a string, got number"),
                bad("{'identifiers':[{'provider':'p','id':'" + repeat('1', 256) + "'}]}",
                        "value.identifiers[0].id: at most 255 characters, got 256"),
                bad("{'identifiers':[{'provider':'p','id':'1','type':'x'}]}", "value.identifiers[0].type: unknown attribute"),
                bad("{'identifiers':[{'provider':'p','id':'1','expiryDate':'soon'}]}",
                        "value.identifiers[0].expiryDate: must be " + Fields.DATE_TIME_FORMAT + ", got \"soon\""),
                bad("{'identifiers':[{'provider':'p','id':'1'},{'provider':'q','id':'1'},{'provider':'p','id':'1'}]}",
                        "value.identifiers[2]: same provider and id as value.identifiers[0]"),
                bad("{'email':'a@b.com','subscriptions':{}}", "value.subscriptions: must be an array, got object"),
                bad("{'email':'a@b.com','subscriptions':[{'name':'n','channel':'EMAIL','pointOfSale':'p','status':'ACTIVE',"
                        + "'effectiveDate':'2024-01-01T00:00Z'}]}",
                        "value.subscriptions[0].status: must be one of "
                                + "PENDING, SUBSCRIBED, UNSUBSCRIBED, UNKNOWN, got \"ACTIVE\""),
                bad("{'email':'a@b.com','subscriptions':[{'name':'n','channel':'EMAIL','pointOfSale':'p','status':'PENDING'}]}",
                        "value.subscriptions[0].effectiveDate: required"),
                bad("{'email':'a@b.com','subscriptions':[{'channel':'EMAIL','pointOfSale':'p','status':'PENDING',"
                        + "'effectiveDate':'2024-01-01T00:00Z'}]}", "value.subscriptions[0].name: required"),
                bad("{'email':'a@b.com','subscriptions':[{'name':'n','channel':'EMAIL','pointOfSale':'p','status':'PENDING',"
                        + "'effectiveDate':'2024-01-01T00:00Z','topic':'x'}]}",
                        "value.subscriptions[0].topic: unknown attribute"),
                bad("{'email':'a@b.com','subscriptions':[{'name':'n','channel':'EMAIL','pointOfSale':'p','status':'PENDING',"
                        + "'effectiveDate':'2024-01-01T00:00Z'},{'name':'n','channel':'EMAIL','pointOfSale':'p',"
                        + "'status':'SUBSCRIBED','effectiveDate':'2024-02-01T00:00Z'}]}",
                        "value.subscriptions[1]: same name, channel and pointOfSale as value.subscriptions[0]"),
                // the first problem in document order wins; field rules before the identity rule
                bad("{'email':'bad','favouriteColour':'blue'}", "value.email: not a valid e-mail address"),
                bad("{'firstName':7}", "value.firstName: must be a string, got number"),
                identityMissing("{'firstName':'Ann','lastName':'Lee'}"),
                identityMissing("{'identifiers':[],'email':null}"),
                identityMissing("{'identifiers':null}"),
                identityMissing("{}"));
    }

    private static Arguments bad(String value, String detail) {
        return Arguments.of(value, 400, Rejection.VALIDATION_ERROR, detail);
    }

    private static Arguments identityMissing(String value) {
        return Arguments.of(value, 400, Rejection.IDENTITY_MISSING, "value: no identifiers and no email");
    }

    @ParameterizedTest
    @MethodSource("badGuests")
    void badGuestIsRejectedWithPreciseDetail(String value, int code, String message, String detail) {
        Rejection rejection = rejection(Lines.line("r1", "guest", "upsert", value));

        assertThat(rejection).isEqualTo(new Rejection("r1", code, message, detail));
    }
}
