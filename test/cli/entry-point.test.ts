/**
 * `backup-remotes <command>`: the one entry point beside the npm scripts. It runs each command as its npm
 * script does (the same help, with the user's command line in it), lists every command in its `--help`,
 * ends a mistake with exit 2 and the list, loads only the chosen command (pull-config's help loads no
 * Pulumi SDK and no other command), and is package.json's `bin`, so `npx backup-remotes` works in a clone.
 */
import assert from "node:assert/strict";
import { accessSync, constants, readFileSync } from "node:fs";
import { join } from "node:path";
import { before, describe, it } from "node:test";
import { COMMANDS } from "../../cli/shared/commands";
import { build, commandFolders, packageVersion, ROOT, runCommand, runEntryPoint, runNode, runProcess } from "./built";

interface PackageJson {
    bin?: Record<string, string>;
    scripts: Record<string, string>;
}
const pkg = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as PackageJson;

/** The usage line and examples as the npm script shows them, rewritten to `backup-remotes <name>`. */
function asEntryPoint(help: string, script: string, name: string): string {
    return help.replaceAll(`npm run ${script} --`, `backup-remotes ${name}`);
}

describe("the backup-remotes entry point", () => {
    before(build);

    it("knows exactly the commands cli/ has, each under the npm script that starts its main.js", () => {
        assert.deepEqual(COMMANDS.map((c) => c.name).sort(), commandFolders());
        for (const c of COMMANDS) assert.match(pkg.scripts[c.script] ?? "", new RegExp(`node \\.build/cli/${c.name}/main\\.js$`), c.script);
    });

    for (const c of COMMANDS) {
        it(`backup-remotes ${c.name} --help is the help of npm run ${c.script}, naming backup-remotes ${c.name}`, async () => {
            const direct = await runCommand(c.name, ["--help"]);
            const entry = await runEntryPoint([c.name, "--help"]);
            assert.equal(entry.code, 0, entry.stderr);
            assert.equal(entry.stderr, "");
            assert.match(entry.stdout, new RegExp(`^Usage: backup-remotes ${c.name} \\[options\\]\\n`));
            assert.match(direct.stdout, new RegExp(`^Usage: npm run ${c.script} -- \\[options\\]\\n`));
            assert.equal(entry.stdout, asEntryPoint(direct.stdout, c.script, c.name));
        });
    }

    it("the npm script name permissions:diff and `help <command>` reach the same command", async () => {
        const name = await runEntryPoint(["permissions-diff", "--help"]);
        assert.equal((await runEntryPoint(["permissions:diff", "--help"])).stdout, name.stdout);
        assert.equal((await runEntryPoint(["help", "permissions-diff"])).stdout, name.stdout);
    });

    it("a command's mistake is that command's: exit 2, its message, the hint names backup-remotes", async () => {
        const r = await runEntryPoint(["rotate", "--stack", "staging", "--retire", "--revoke"]);
        assert.equal(r.code, 2);
        assert.match(r.stderr, /^rotate: --retire and --revoke are separate steps/);
        const missing = await runEntryPoint(["plan"]);
        assert.equal(missing.code, 2);
        assert.match(missing.stderr, /required option '--stack <name>' not specified\n\(backup-remotes plan --help for usage\)/);
    });

    it("--help lists every command with one line, within 80 columns; exit 0", async () => {
        for (const args of [["--help"], ["-h"], ["help"]]) {
            const r = await runEntryPoint(args);
            assert.equal(r.code, 0, r.stderr);
            assert.match(r.stdout, /^Usage: backup-remotes <command> \[options\]\n/);
            for (const c of COMMANDS) assert.match(r.stdout, new RegExp(`\\n {2}${c.name} +${c.summary.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}\\n`));
            assert.deepEqual(
                r.stdout.split("\n").filter((l) => l.length > 80),
                [],
            );
        }
    });

    it("no command, an unknown command or an option first: exit 2, what is wrong and the list on stderr", async () => {
        const cases: [string[], RegExp][] = [
            [[], /^backup-remotes: no command given\n/],
            [["plna", "--stack", "staging"], /^backup-remotes: unknown command "plna"\n/],
            [["--stack", "staging"], /^backup-remotes: unknown option "--stack": the command comes first\n/],
        ];
        for (const [args, message] of cases) {
            const r = await runEntryPoint(args);
            assert.equal(r.code, 2, args.join(" "));
            assert.equal(r.stdout, "");
            assert.match(r.stderr, message);
            for (const c of COMMANDS) assert.match(r.stderr, new RegExp(`\\n {2}${c.name} `));
        }
    });

    it("started by npx, its help and each command's examples say npx backup-remotes", async () => {
        const list = await runEntryPoint(["--help"], { npm_command: "exec" });
        assert.match(list.stdout, /^Usage: npx backup-remotes <command> \[options\]\n[\s\S]*\n {2}npx backup-remotes plan --stack staging\n/);
        const plan = await runEntryPoint(["pull-config", "--help"], { npm_command: "exec" });
        assert.match(plan.stdout, /^Usage: npx backup-remotes pull-config \[options\]\n[\s\S]*\n {2}npx backup-remotes pull-config --stack prod /);
    });

    it("loads only the chosen command: pull-config --help loads no Pulumi SDK and no other command's code", async () => {
        const program =
            `const main = require(${JSON.stringify(join(ROOT, ".build", "cli", "main.js"))});\n` +
            "process.on('exit', () => process.stderr.write(JSON.stringify(Object.keys(require.cache))));\n" +
            "main.dispatch(['pull-config', '--help']);";
        const r = await runNode(["-e", program]);
        assert.equal(r.code, 0, r.stderr);
        const loaded = JSON.parse(r.stderr) as string[];
        assert.ok(
            loaded.some((f) => f.endsWith(join(".build", "cli", "pull-config", "main.js"))),
            "pull-config was loaded",
        );
        assert.deepEqual(
            loaded.filter((f) => f.includes(`${join("node_modules", "@pulumi")}/`)),
            [],
        );
        const others = COMMANDS.filter((c) => c.name !== "pull-config").map((c) => join(".build", "cli", c.name) + "/");
        assert.deepEqual(
            loaded.filter((f) => others.some((o) => f.includes(o))),
            [],
        );
    });

    it("a reader that goes away ends its help quietly (exit 0, nothing on stderr)", async () => {
        const r = await runProcess(process.execPath, [join(ROOT, ".build", "cli", "main.js"), "--help"], process.env, (child) => child.stdout?.destroy());
        assert.equal(r.code, 0, r.stderr);
        assert.equal(r.stderr, "");
    });

    it("is package.json's bin: an executable node script that builds, then runs the command (npx backup-remotes)", async () => {
        const bin = pkg.bin?.["backup-remotes"];
        assert.equal(bin, "scripts/backup-remotes.cjs");
        const file = join(ROOT, bin);
        accessSync(file, constants.X_OK);
        assert.match(readFileSync(file, "utf8"), /^#!\/usr\/bin\/env node\n/);
        const direct = await runNode([file, "--version"]);
        assert.equal(direct.code, 0, direct.stderr);
        assert.match(direct.stdout, new RegExp(`^backup-remotes ${packageVersion().replaceAll(".", "\\.")} \\(commit [0-9a-f]{40}(-dirty)?\\)\\n$`));
        // npx in the clone finds the package's own bin: no install, no network.
        const npx = await runProcess("npx", ["--offline", "backup-remotes", "pull-config", "--version"]);
        assert.equal(npx.code, 0, npx.stderr);
        assert.equal(npx.stdout, direct.stdout.replace("backup-remotes ", "backup-remotes pull-config "));
    });
});
