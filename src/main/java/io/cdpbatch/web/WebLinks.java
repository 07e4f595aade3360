package io.cdpbatch.web;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Links of the web page, relative to the service's base URI so they keep working under an ingress
 * prefix ({@code X-Forwarded-Prefix}).
 */
final class WebLinks {

    private WebLinks() {
    }

    /** The base path, always ending with a slash: "/" or "/prefix/". */
    static String root(URI baseUri) {
        String path = baseUri.getRawPath();
        if (path == null || path.isEmpty()) {
            return "/";
        }
        return path.endsWith("/") ? path : path + "/";
    }

    static URI list(URI baseUri) {
        return baseUri.resolve("ui/batches");
    }

    static URI signIn(URI baseUri, String next) {
        return baseUri.resolve("ui/sign-in" + (next == null || next.isEmpty() ? "" : "?next=" + encode(next)));
    }

    /**
     * Where to go after signing in: only a path of the web page itself, never another site (an
     * open redirect would let a link take a person elsewhere).
     */
    static URI afterSignIn(URI baseUri, String next) {
        if (next != null && next.startsWith("ui/") && !next.contains("\\") && !next.contains("//")
                && !next.startsWith("ui/sign-")) {
            try {
                return baseUri.resolve(next);
            } catch (IllegalArgumentException e) {
                // fall through to the list
            }
        }
        return list(baseUri);
    }

    /** A link to the list with this state; defaults are left out so links stay short. */
    static String listUrl(String root, ListState state) {
        List<String> params = new ArrayList<>();
        if (state.search() != null && !state.search().isEmpty()) {
            params.add("search=" + encode(state.search()));
        }
        if (state.status() != null && !state.status().isEmpty()) {
            params.add("status=" + encode(state.status()));
        }
        if (state.ascending()) {
            params.add("sort=modifiedAt");
        }
        if (state.page() > 1) {
            params.add("page=" + state.page());
        }
        if (state.size() != state.defaultSize()) {
            params.add("size=" + state.size());
        }
        return root + "ui/batches" + (params.isEmpty() ? "" : "?" + String.join("&", params));
    }

    static String detailUrl(String root, String ref) {
        return root + "ui/batches/" + encode(ref);
    }

    static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    /** What the list shows: search, status filter, sort order, page. */
    record ListState(String search, String status, boolean ascending, int page, int size, int defaultSize) {

        ListState withPage(int newPage) {
            return new ListState(search, status, ascending, newPage, size, defaultSize);
        }

        ListState flipped() {
            return new ListState(search, status, !ascending, 1, size, defaultSize);
        }

        ListState cleared() {
            return new ListState(null, null, ascending, 1, size, defaultSize);
        }

        boolean filtered() {
            return (search != null && !search.isEmpty()) || (status != null && !status.isEmpty());
        }
    }
}
