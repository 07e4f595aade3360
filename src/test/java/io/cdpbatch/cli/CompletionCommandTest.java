package io.cdpbatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;

/** {@code cdp-batch completion}: a script that bash really completes the commands and options with. */
class CompletionCommandTest {

    static String script() {
        StringWriter out = new StringWriter();
        var cli = CdpBatchCli.commandLine(new ByteArrayOutputStream(), false);
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(new StringWriter(), true));
        assertThat(cli.execute("completion")).isEqualTo(ExitCodes.OK);
        return out.toString();
    }

    /**
     * What bash offers after the words typed so far (the last one being completed). The function runs outside a real
     * completion, where its compopt calls complain on stderr: only the offers are read.
     */
    static List<String> complete(Path script, String... words) throws IOException, InterruptedException {
        String line = String.join(" ", words);
        String bash = "source '" + script + "'; COMP_LINE='" + line + "'; COMP_WORDS=(" + line + "); COMP_CWORD="
                + (words.length - 1)
                + "; COMP_POINT=${#COMP_LINE}; _complete_cdp-batch 2>/dev/null; printf '%s\\n' \"${COMPREPLY[@]}\"";
        Process bashProcess = new ProcessBuilder("bash", "-c", bash).redirectErrorStream(true).start();
        String out = new String(bashProcess.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(bashProcess.waitFor()).as(out).isZero();
        return out.lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
    }

    @Test
    void bashCompletesCommandsAndTheirOptions() throws Exception {
        String script = script();
        assertThat(script).contains("complete -F _complete_cdp-batch", "bashcompinit");
        Path file = Files.createTempFile("cdp-batch-completion", ".bash");
        try {
            Files.writeString(file, script);
            assertThat(complete(file, "cdp-batch", "up")).containsExactly("upload");
            assertThat(complete(file, "cdp-batch", "")).contains("upload", "status", "list", "log", "completion");
            assertThat(complete(file, "cdp-batch", "upload", "--poll")).containsExactly("--poll-interval");
            assertThat(complete(file, "cdp-batch", "list", "--st")).containsExactly("--status");
        } finally {
            Files.delete(file);
        }
    }

    @Test
    void theHelpSaysHowToInstallIt() {
        StringWriter out = new StringWriter();
        var cli = CdpBatchCli.commandLine(new ByteArrayOutputStream(), false);
        cli.setOut(new PrintWriter(out, true));
        assertThat(cli.execute("completion", "--help")).isEqualTo(ExitCodes.OK);
        assertThat(out.toString()).contains("source <(cdp-batch completion)", "bashcompinit");
    }
}
