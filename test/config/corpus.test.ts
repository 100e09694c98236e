/**
 * The bad-config corpus (corpus.ts): every case through the plan's own entry
 * (the stack file's config map → parseNamespacedConfig), refused with its key
 * named and no stack trace, or accepted where the corpus says VALID; the
 * cases marked `cli` also through the real `plan` command (exit 1, the key on
 * stderr, no trace).
 */
import assert from "node:assert/strict";
import { execFile, execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { before, describe, it } from "node:test";
import { promisify } from "node:util";
import { stringify } from "yaml";
import { PLAN_NOW_VARIABLE } from "../../cli/plan/plan-clock";
import { parseStackConfig } from "../../cli/plan/stack-config";
import { CliError } from "../../cli/shared/cli-error";
import { parseNamespacedConfig, type ParseResult } from "../../components/config/schema";
import { ageKeygen } from "../support/age";
import { CORPUS, CORPUS_NOW, type Cfg, type ConfigCase, type CorpusCase, type CorpusKeys, type FileCase } from "./corpus";

const root = path.resolve(__dirname, "..", "..");
const example = (stack: string) => fs.readFileSync(path.join(root, `Pulumi.${stack}.yaml`), "utf8");
const TRACE = /^\s+at .+:\d+/m;

const isFile = (c: CorpusCase): c is FileCase => "text" in c;

function decode(value: string): unknown {
    try {
        return JSON.parse(value);
    } catch {
        return value;
    }
}

/** The example's config map, values decoded, after the case's edit. */
function editedConfig(c: ConfigCase, keys: CorpusKeys): Cfg {
    const cfg: Cfg = Object.fromEntries(Object.entries(parseStackConfig(example(c.stack), `Pulumi.${c.stack}.yaml`).values).map(([k, v]) => [k, decode(v)]));
    c.edit(cfg, keys);
    return cfg;
}

/** The map as Pulumi hands it to the program: strings as they are, everything else as JSON. */
const encode = (cfg: Cfg) => Object.fromEntries(Object.entries(cfg).map(([k, v]) => [k, typeof v === "string" ? v : JSON.stringify(v)]));

function parse(c: ConfigCase, keys: CorpusKeys): ParseResult {
    return parseNamespacedConfig(c.stack, encode(editedConfig(c, keys)), undefined, { now: () => CORPUS_NOW });
}

/** The errors that name `key`. */
const naming = (errors: readonly string[], key: string) => errors.filter((e) => e.startsWith(`${key}: `));

let keys: CorpusKeys;
before(() => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "corpus-keys-"));
    const make = (n: string) => ageKeygen(dir, n).recipient;
    keys = { db1: make("db1"), db2: make("db2"), files1: make("files1"), monitor1: make("monitor1"), operator: make("operator") };
    fs.rmSync(dir, { recursive: true, force: true });
});

describe("the bad-config corpus", () => {
    it("holds at least 150 bad configs, each id once", () => {
        const ids = CORPUS.map((c) => c.id);
        assert.equal(new Set(ids).size, ids.length, "duplicate ids");
        assert.ok(CORPUS.filter((c) => isFile(c) || c.refused).length >= 150, `${CORPUS.length} cases`);
    });

    for (const c of CORPUS) {
        it(`${c.id}: ${isFile(c) ? "the file is refused, named" : c.refused ? `refused at ${c.refused.key}` : `VALID: ${c.valid}`}`, () => {
            if (isFile(c)) {
                const source = `Pulumi.${c.stack}.yaml`;
                assert.throws(
                    () => parseStackConfig(c.text(example(c.stack)), source),
                    (e: unknown) => {
                        assert.ok(e instanceof CliError, `not a CliError: ${String(e)}`);
                        assert.ok(e.message.startsWith(`${source}: `), e.message);
                        assert.match(e.message, c.refused.says);
                        return true;
                    },
                );
                return;
            }
            const r = parse(c, keys);
            if (c.valid !== undefined) {
                assert.ok(r.ok, `expected VALID (${c.valid}), got:\n${r.ok ? "" : r.errors.join("\n")}`);
                return;
            }
            assert.ok(!r.ok, "the config was accepted");
            const named = naming(r.errors, c.refused!.key);
            assert.ok(named.length > 0, `no error names ${c.refused!.key}:\n${r.errors.join("\n")}`);
            if (c.refused!.says)
                assert.ok(
                    named.some((e) => c.refused!.says!.test(e)),
                    `no error at ${c.refused!.key} says ${c.refused!.says}:\n${named.join("\n")}`,
                );
            assert.equal(new Set(r.errors).size, r.errors.length, "a problem reported twice");
            for (const e of r.errors) assert.doesNotMatch(e, TRACE);
        });
    }
});

const run = promisify(execFile);

async function plan(dir: string, stack: string, env: NodeJS.ProcessEnv): Promise<{ code: number; stderr: string }> {
    try {
        await run(process.execPath, [path.join(root, ".build/cli/plan/main.js"), "--stack", stack, "--cwd", dir], { env, maxBuffer: 64 << 20 });
        return { code: 0, stderr: "" };
    } catch (e) {
        const err = e as { code: number; stderr: string };
        return { code: err.code, stderr: err.stderr };
    }
}

function project(stack: string, text: string): string {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "corpus-plan-"));
    fs.copyFileSync(path.join(root, "Pulumi.yaml"), path.join(dir, "Pulumi.yaml"));
    fs.writeFileSync(path.join(dir, `Pulumi.${stack}.yaml`), text);
    return dir;
}

const atCorpusNow = { ...process.env, [PLAN_NOW_VARIABLE]: CORPUS_NOW.toISOString() };

describe("the plan command on corpus cases (exit 1, the key named, no stack trace)", () => {
    before(() => execFileSync(process.execPath, [path.join(root, "scripts/build.mjs")], { cwd: root }));
    for (const c of CORPUS.filter((x) => x.cli)) {
        it(c.id, async () => {
            const text = isFile(c) ? c.text(example(c.stack)) : stringify({ config: editedConfig(c, keys) });
            const dir = project(c.stack, text);
            try {
                const r = await plan(dir, c.stack, atCorpusNow);
                assert.equal(r.code, 1, r.stderr);
                assert.doesNotMatch(r.stderr, TRACE);
                assert.doesNotMatch(r.stderr, /internal error/);
                if (isFile(c)) {
                    assert.match(r.stderr, new RegExp(`${path.join(dir, `Pulumi.${c.stack}.yaml`).replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}: `));
                    assert.match(r.stderr, c.refused.says);
                } else {
                    assert.ok(r.stderr.includes(`  - ${c.refused!.key}: `), r.stderr);
                    if (c.refused!.says) assert.match(r.stderr, c.refused!.says);
                }
            } finally {
                fs.rmSync(dir, { recursive: true, force: true });
            }
        });
    }

    it("judges key dates by the real clock unless BACKUP_REMOTES_PLAN_NOW names another instant", async () => {
        // Issued on the corpus's day with a 30-day maximum age: in use then, expired on 2026-07-15 and ever after.
        const c: ConfigCase = {
            id: "clock",
            stack: "staging",
            edit: (cfg) => {
                (cfg["backup-remotes:credentials"] as Record<string, Record<string, unknown>>)["db-archive"]!.maxKeyAgeDays = 30;
                cfg["backup-remotes:keyGenerations"] = { "db-archive": { db1: [{ generation: 2, issued: "2026-06-01" }] } };
            },
        };
        const dir = project("staging", stringify({ config: editedConfig(c, keys) }));
        try {
            assert.equal((await plan(dir, "staging", atCorpusNow)).code, 0, "valid on 2026-06-01");
            const today = new Date();
            assert.ok(today > new Date("2026-07-15T00:00:00Z"), "this test assumes it runs after 2026-07-15");
            const real = await plan(dir, "staging", Object.fromEntries(Object.entries(process.env).filter(([k]) => k !== PLAN_NOW_VARIABLE)));
            assert.equal(real.code, 1, real.stderr);
            assert.match(real.stderr, new RegExp(`expired on 2026-07-15T00:00:00Z .* it is ${today.toISOString().slice(0, 10)} now`));
            const bad = await plan(dir, "staging", { ...process.env, [PLAN_NOW_VARIABLE]: "tomorrow" });
            assert.equal(bad.code, 2, bad.stderr);
            assert.match(bad.stderr, /BACKUP_REMOTES_PLAN_NOW=tomorrow: not an instant/);
        } finally {
            fs.rmSync(dir, { recursive: true, force: true });
        }
    });
});
