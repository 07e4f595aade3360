package io.cdpbatch.cli;

import picocli.CommandLine.Option;

/** Where the service is and who we are: flags, else environment variables. */
final class Connection {

    @Option(names = "--url", paramLabel = "URL", defaultValue = "${env:CDP_BATCH_URL:-http://localhost:8080}", description = "Base URL of the service (env CDP_BATCH_URL; default ${DEFAULT-VALUE}).")
    String url;

    @Option(names = "--client-key", paramLabel = "KEY", defaultValue = "${env:CDP_BATCH_CLIENT_KEY}", description = "Client key, the Basic auth user name (env CDP_BATCH_CLIENT_KEY).")
    String clientKey;

    @Option(names = "--token", paramLabel = "TOKEN", defaultValue = "${env:CDP_BATCH_TOKEN}", description = "API token, the Basic auth password (env CDP_BATCH_TOKEN; prefer the variable: flags show in ps).")
    String token;

    BatchApi api() {
        if (isBlank(clientKey) || isBlank(token)) {
            throw new CliException(ExitCodes.USAGE,
                    "missing credentials: pass --client-key and --token, or set CDP_BATCH_CLIENT_KEY and CDP_BATCH_TOKEN");
        }
        if (isBlank(url) || !(url.startsWith("http://") || url.startsWith("https://"))) {
            throw new CliException(ExitCodes.USAGE, "--url must start with http:// or https://, got '" + url + "'");
        }
        return new BatchApi(url, clientKey, token);
    }

    private static boolean isBlank(String value) {
        return value == null || value.isBlank();
    }
}
