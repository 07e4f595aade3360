package io.cdpbatch.web;

import io.cdpbatch.web.WebViews.DetailPage;
import io.cdpbatch.web.WebViews.ErrorPage;
import io.cdpbatch.web.WebViews.ListPage;
import io.cdpbatch.web.WebViews.SignInPage;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;

/** The page templates, under {@code templates/web/}; HTML templates escape every value. */
@CheckedTemplate(basePath = "web")
public class WebTemplates {

    public static native TemplateInstance list(ListPage page);

    public static native TemplateInstance detail(DetailPage page);

    public static native TemplateInstance signIn(SignInPage page);

    public static native TemplateInstance error(ErrorPage page);
}
