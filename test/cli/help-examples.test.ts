/**
 * Every command's `--help` ends with Examples: 2–4 command lines as the user started the command, each
 * under a `# what it does` comment, after the exit codes (printed as before). Each example is a command
 * line the command accepts: every flag it uses is one of the command's options, a flag that takes a value
 * has one, nothing else is on the line, and the command parses it (run with `--help` appended: commander
 * checks each value it parses, choices and numbers included, before it prints the help).
 */
import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import { COMMANDS } from "../../cli/shared/commands";
import { build, runCommand, runEntryPoint } from "./built";

interface Example {
    readonly comment: string;
    readonly line: string;
}

/** The Examples block at the end of a help text. */
function examples(help: string): Example[] {
    const lines = help.trimEnd().split("\n");
    const start = lines.lastIndexOf("Examples:");
    assert.ok(start > 0, "no Examples: block");
    const block = lines.slice(start + 1);
    assert.equal(block.length % 2, 0, `Examples: not comment and command line pairs:\n${block.join("\n")}`);
    const out: Example[] = [];
    for (let i = 0; i < block.length; i += 2) {
        const [comment, line] = [block[i]!, block[i + 1]!];
        assert.match(comment, /^ {2}# \S/);
        assert.match(line, /^ {2}\S/);
        out.push({ comment, line: line.trim() });
    }
    return out;
}

/** The command's options from its help: flag → whether it takes a value. */
function options(help: string): Map<string, boolean> {
    const lines = help.split("\n");
    const start = lines.indexOf("Options:");
    const end = lines.findIndex((l, i) => i > start && l === "");
    const flags = new Map<string, boolean>();
    for (const l of lines.slice(start + 1, end)) {
        const m = /^ {2}(?:-[a-zA-Z], )?(--[a-z][a-z-]*)( <[^>]+>)?/.exec(l);
        if (m) flags.set(m[1]!, m[2] !== undefined);
    }
    return flags;
}

/** What is wrong with an example's arguments against the command's options. */
function argumentProblems(args: readonly string[], flags: Map<string, boolean>): string[] {
    const problems: string[] = [];
    for (let i = 0; i < args.length; i++) {
        const arg = args[i]!;
        if (!arg.startsWith("--")) problems.push(`"${arg}" is not an option or its value`);
        else if (!flags.has(arg)) problems.push(`${arg} is not an option of the command`);
        else if (flags.get(arg) === true && (args[i + 1] === undefined || args[i + 1]!.startsWith("--"))) problems.push(`${arg} has no value`);
        else if (flags.get(arg) === true) i++;
    }
    return problems;
}

describe("every command's --help ends with examples that parse", () => {
    before(build);

    for (const c of COMMANDS) {
        it(`${c.name}: after the exit codes, 2–4 examples; each is a line the command accepts`, async () => {
            const entry = await runEntryPoint([c.name, "--help"]);
            assert.equal(entry.code, 0, entry.stderr);
            const direct = await runCommand(c.name, ["--help"]);
            assert.ok(entry.stdout.indexOf("Exit codes") < entry.stdout.lastIndexOf("\nExamples:\n"), "the examples come after the exit codes");
            const list = examples(entry.stdout);
            assert.ok(list.length >= 2 && list.length <= 4, `${list.length} examples`);
            assert.deepEqual(
                examples(direct.stdout).map((e) => e.line),
                list.map((e) => e.line.replace(`backup-remotes ${c.name}`, `npm run ${c.script} --`)),
            );
            const flags = options(entry.stdout);
            for (const e of list) {
                assert.ok(e.comment.length <= 80, `over 80 columns: ${e.comment}`);
                assert.doesNotMatch(e.line, /["'`$<>|;&\\]/, "an example is plain words: it splits on spaces");
                const prefix = `backup-remotes ${c.name} `;
                assert.ok(e.line.startsWith(prefix), e.line);
                const args = e.line.slice(prefix.length).split(" ");
                assert.deepEqual(argumentProblems(args, flags), [], e.line);
                const parsed = await runEntryPoint([c.name, ...args, "--help"]);
                assert.equal(parsed.code, 0, `${e.line} --help: ${parsed.stderr}`);
                assert.equal(parsed.stdout, entry.stdout);
            }
        });
    }

    it("the checks find a flag the command does not have, a value missing, a stray word", () => {
        const flags = new Map([
            ["--stack", true],
            ["--json", false],
        ]);
        assert.deepEqual(argumentProblems(["--stack", "prod", "--json"], flags), []);
        assert.deepEqual(argumentProblems(["--stack", "--json", "--stacks", "prod", "extra"], flags), [
            "--stack has no value",
            "--stacks is not an option of the command",
            '"prod" is not an option or its value',
            '"extra" is not an option or its value',
        ]);
    });
});
