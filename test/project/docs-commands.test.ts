/**
 * Every command and flag the README and docs/ show exists: each `npm run <script> -- …`,
 * `backup-remotes <command> …` and `node pull-config.cjs …` they print names a script or command the
 * project has, and each `--flag` on it is one that command's `--help` lists. A flag renamed in the code
 * and left in the docs (or the other way round) fails here, naming the page and the line.
 */
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { before, test } from "node:test";
import { COMMANDS } from "../../cli/shared/commands";

const REPO = join(__dirname, "..", "..");
const pkg = JSON.parse(readFileSync(join(REPO, "package.json"), "utf8")) as { scripts: Record<string, string> };

/** The pages users read. */
function pages(): { file: string; text: string }[] {
    const docs = readdirSync(join(REPO, "docs"))
        .filter((f) => f.endsWith(".md"))
        .map((f) => join("docs", f));
    return ["README.md", ...docs].map((file) => ({ file, text: readFileSync(join(REPO, file), "utf8") }));
}

interface Shown {
    readonly page: string;
    readonly line: number;
    readonly command: string;
    readonly flags: readonly string[];
    readonly text: string;
}

/** `--flag` words of an invocation, up to a pipe, a redirect, `&&`, `;` or a comment. */
function flagsOf(rest: string): string[] {
    const upTo = rest.split(/\s(?:\||&&|;|#|>|<)\s?|`/)[0] ?? "";
    return [...upTo.matchAll(/(?:^|[\s[])(--[a-z][a-z0-9-]*)/g)].map((m) => m[1]!).filter((f) => f !== "--");
}

/** Every invocation the pages show, with the command it runs. */
function shownInvocations(): Shown[] {
    const byScript = new Map<string, string>(COMMANDS.map((c) => [c.script, c.name]));
    const out: Shown[] = [];
    for (const { file, text } of pages()) {
        text.split("\n").forEach((lineText, i) => {
            for (const m of lineText.matchAll(/npm run (?:-s )?([a-z][a-z:-]*)(.*)/g)) {
                const script = m[1]!;
                assert.ok(pkg.scripts[script] !== undefined, `${file}:${i + 1}: npm run ${script}: package.json has no such script`);
                const command = byScript.get(script);
                if (command) out.push({ page: file, line: i + 1, command, flags: flagsOf(m[2]!.replace(/^\s*--\s/, " ")), text: lineText.trim() });
            }
            for (const m of lineText.matchAll(/(?:^|[\s`(])backup-remotes ([a-z][a-z:-]*)(.*)/g)) {
                const name = m[1] === "permissions:diff" ? "permissions-diff" : m[1]!;
                if (!COMMANDS.some((c) => c.name === name)) continue; // the word used otherwise (a user or group name, a heading)
                out.push({ page: file, line: i + 1, command: name, flags: flagsOf(m[2]!), text: lineText.trim() });
            }
            for (const m of lineText.matchAll(/node (?:\S*\/)?pull-config\.cjs(.*)/g)) {
                out.push({ page: file, line: i + 1, command: "pull-config", flags: flagsOf(m[1]!), text: lineText.trim() });
            }
        });
    }
    return out;
}

const helps = new Map<string, string>();

before(
    () => {
        execFileSync(process.execPath, [join(REPO, "scripts", "build.mjs")], { cwd: REPO, stdio: ["ignore", "ignore", "inherit"] });
        for (const c of COMMANDS) {
            helps.set(c.name, execFileSync(process.execPath, [join(REPO, ".build", "cli", c.name, "main.js"), "--help"], { cwd: REPO, encoding: "utf8" }));
        }
    },
    { timeout: 120_000 },
);

test("the pages show every command at least once", () => {
    const shown = new Set(shownInvocations().map((s) => s.command));
    assert.deepEqual(
        COMMANDS.map((c) => c.name).filter((c) => !shown.has(c)),
        [],
    );
});

test("every flag the README and docs/ show on a command is one its --help lists", () => {
    const problems = shownInvocations().flatMap((s) =>
        s.flags
            .filter((flag) => !new RegExp(`(^|[\\s,])${flag}(?=[\\s=<\\[,]|$)`, "m").test(helps.get(s.command)!))
            .map((flag) => `${s.page}:${s.line}: ${s.command} has no ${flag} (${s.text})`),
    );
    assert.deepEqual(problems, []);
});
