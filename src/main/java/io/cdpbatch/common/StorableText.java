package io.cdpbatch.common;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;

import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.ext.Provider;
import jakarta.ws.rs.ext.ReaderInterceptor;
import jakarta.ws.rs.ext.ReaderInterceptorContext;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.json.JsonReadFeature;

import io.cdpbatch.error.ApiException;

/**
 * Text PostgreSQL cannot store is refused at the door, for every route at once: a NUL character
 * (text columns refuse it) or half of a surrogate pair (not a character at all; the driver would
 * write {@code ?} in its place). Query and path parameters are checked after authentication, JSON
 * body strings and field names when the body is read; either answers 400 naming the parameter or
 * field, where the database would have failed with a 500.
 */
@Provider
@Priority(Priorities.USER)
public class StorableText implements ContainerRequestFilter, ReaderInterceptor {

    private static final JsonFactory JSON = JsonFactory.builder().enable(JsonReadFeature.ALLOW_UNESCAPED_CONTROL_CHARS)
            .build();

    @Override
    public void filter(ContainerRequestContext request) {
        check("query parameter", request.getUriInfo().getQueryParameters(true));
        check("path parameter", request.getUriInfo().getPathParameters(true));
    }

    @Override
    public Object aroundReadFrom(ReaderInterceptorContext context) throws IOException {
        byte[] body = context.getInputStream().readAllBytes();
        checkJson(body);
        context.setInputStream(new ByteArrayInputStream(body));
        return context.proceed();
    }

    private static void check(String kind, Map<String, List<String>> parameters) {
        for (var parameter : parameters.entrySet()) {
            int bad = firstUnstorable(parameter.getKey());
            if (bad >= 0) {
                throw refused("a " + kind + " name", "a " + kind + " name", parameter.getKey(), bad);
            }
            for (String value : parameter.getValue()) {
                bad = value == null ? -1 : firstUnstorable(value);
                if (bad >= 0) {
                    throw refused(parameter.getKey(), kind + " " + parameter.getKey(), value, bad);
                }
            }
        }
    }

    /**
     * Walks the strings of a JSON body. A body that is not JSON passes: the route's own parser
     * answers it with its own message.
     */
    static void checkJson(byte[] body) {
        if (body.length == 0) {
            return;
        }
        try (InputStream in = new ByteArrayInputStream(body); JsonParser parser = JSON.createParser(in)) {
            JsonToken token;
            while ((token = parser.nextToken()) != null) {
                if (token == JsonToken.FIELD_NAME || token == JsonToken.VALUE_STRING) {
                    String text = parser.getText();
                    int bad = firstUnstorable(text);
                    if (bad >= 0) {
                        String field = path(parser);
                        throw token == JsonToken.FIELD_NAME
                                ? refused("a field name", "a field name in " + field, text, bad)
                                : refused(field, "field " + field, text, bad);
                    }
                }
            }
        } catch (JsonProcessingException e) {
            // not JSON: left to the route
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The index of the first character PostgreSQL cannot store, or -1. */
    static int firstUnstorable(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == 0) {
                return i;
            }
            if (Character.isHighSurrogate(c)) {
                if (i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                    i++;
                    continue;
                }
                return i;
            }
            if (Character.isLowSurrogate(c)) {
                return i;
            }
        }
        return -1;
    }

    private static ApiException refused(String subject, String where, String value, int index) {
        String character = String.format("U+%04X", (int) value.charAt(index));
        return ApiException.badRequest(subject + " contains a character that cannot be stored",
                where + " contains " + character + " at position " + index
                        + ": NUL and unpaired surrogates cannot be stored; remove them");
    }

    /** The dotted path of the parser's current value: {@code description}, {@code items[2].name}. */
    private static String path(JsonParser parser) {
        StringBuilder path = new StringBuilder();
        var context = parser.getParsingContext();
        if (parser.currentToken() == JsonToken.FIELD_NAME) {
            context = context.getParent();
        }
        java.util.Deque<String> parts = new java.util.ArrayDeque<>();
        for (var c = context; c != null && !c.inRoot(); c = c.getParent()) {
            if (c.inArray()) {
                parts.push("[" + c.getCurrentIndex() + "]");
            } else if (c.getCurrentName() != null) {
                parts.push("." + c.getCurrentName());
            }
        }
        parts.forEach(path::append);
        String result = path.length() > 0 && path.charAt(0) == '.' ? path.substring(1) : path.toString();
        return result.isEmpty() ? "the body" : result;
    }
}
