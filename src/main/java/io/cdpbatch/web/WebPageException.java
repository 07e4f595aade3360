package io.cdpbatch.web;

/** A failure of a web route that becomes an HTML page for a person, not an API error body. */
public class WebPageException extends RuntimeException {

    private final int status;
    private final String detail;

    public WebPageException(int status, String title, String detail) {
        super(title, null, false, false);
        this.status = status;
        this.detail = detail;
    }

    public static WebPageException notFound() {
        return new WebPageException(404, "Batch not found",
                "There is no batch with this ref among the batches of your client key.");
    }

    public int status() {
        return status;
    }

    public String detail() {
        return detail;
    }
}
