package io.cdpbatch.error;

import java.util.Map;

import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.media.Schema;
import org.eclipse.microprofile.openapi.models.responses.APIResponse;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.smallrye.openapi.OpenApiFilter;

/**
 * The responses that every operation of the tenant API can give, declared once rather than on each
 * resource: 401 (missing or wrong credentials, with the Basic challenge) and 500 (an unexpected failure,
 * never a stack trace). Runs when the document is built.
 */
@OpenApiFilter(OpenApiFilter.RunStage.BUILD)
public class CommonResponses implements OASFilter {

    /** The security scheme of the tenant API: HTTP Basic with the client key and the API token. */
    static final String BASIC = "basic";

    private static final ObjectMapper JSON = new ObjectMapper();

    @Override
    public void filterOpenAPI(OpenAPI openAPI) {
        if (openAPI.getPaths() == null) {
            return;
        }
        openAPI.getPaths().getPathItems().values().forEach(path -> path.getOperations().values().forEach(operation -> {
            if (behindBasic(operation)) {
                respond(operation, "401", error("Missing or wrong credentials; WWW-Authenticate: Basic", "unauthorized",
                        ApiErrorExamples.UNAUTHORIZED).addHeader("WWW-Authenticate",
                                OASFactory.createHeader()
                                        .schema(OASFactory.createSchema().addType(Schema.SchemaType.STRING))));
                respond(operation, "500", error("Unexpected failure; never a stack trace", "internal",
                        ApiErrorExamples.INTERNAL));
            }
        }));
    }

    private static boolean behindBasic(Operation operation) {
        return operation.getSecurity() != null
                && operation.getSecurity().stream().anyMatch(requirement -> requirement.hasScheme(BASIC));
    }

    /** Adds the response unless the operation documents that code itself. */
    private static void respond(Operation operation, String code, APIResponse response) {
        if (operation.getResponses().getAPIResponse(code) == null) {
            operation.getResponses().addAPIResponse(code, response);
        }
    }

    /** A response with the error body and one example of it. */
    private static APIResponse error(String description, String exampleName, String example) {
        return OASFactory.createAPIResponse().description(description).content(OASFactory.createContent()
                .addMediaType(MediaType.APPLICATION_JSON, OASFactory.createMediaType()
                        .schema(OASFactory.createSchema().ref(ApiError.class.getSimpleName()))
                        .addExample(exampleName, OASFactory.createExample().value(parse(example)))));
    }

    private static Map<?, ?> parse(String example) {
        try {
            return JSON.readValue(example, Map.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Example is not JSON: " + example, e);
        }
    }
}
