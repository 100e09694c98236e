/**
 * `npm run rotate -- --stack <env> [--credential C] [--host H]
 *                   [--retire --report <postdeploy.json> [--force]] [--revoke --host H]`
 *
 * Each step of a key rotation as a change of Pulumi.<env>.yaml, reviewed like
 * any other: issue the next key generation beside the one in use, retire the
 * previous one once the post-deploy report proves the new one, or revoke one
 * host's keys now. The file is edited in place (only the keys rotation owns),
 * checked against the full config schema, and written atomically; on any
 * error nothing is written. The issue date is today's (UTC); the program
 * itself never reads the clock.
 */
import { Command, CommanderError } from "commander";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { readNamespaceConfig } from "../../components/config/namespace";
import { CONFIG_NAMESPACE, parseNamespacedConfig, type ParseOptions, type EnvironmentSpec } from "../../components/config/schema";
import { assertKnownStack, parseStackConfig } from "../plan/stack-config";
import { CliError, reportError, UsageError } from "../shared/cli-error";
import { finishCommand, runCommand } from "../shared/command";
import { EXIT_FINDINGS, EXIT_OK, EXIT_USAGE } from "../shared/exit-codes";
import { retire, revoke, rotate, type ChangeResult, type ConfigChange } from "./changes";
import { gateProblems, readGateReport } from "./gate";
import { writeInPlace } from "./write";
import { removeHost, setConfigKey, verifyEdit } from "./yaml-edit";

const GENERATIONS_KEY = `${CONFIG_NAMESPACE}:keyGenerations`;
const CREDENTIALS_KEY = `${CONFIG_NAMESPACE}:credentials`;
const ADDRESSES_KEY = `${CONFIG_NAMESPACE}:hostAddresses`;

interface Options {
    stack: string;
    credential?: string;
    host?: string;
    retire?: boolean;
    report?: string;
    force?: boolean;
    revoke?: boolean;
    cwd: string;
}

function parseArgs(argv: readonly string[]): Options {
    const program = new Command("rotate")
        .description(
            "Rotate the keys of a stack as reviewed config changes (Pulumi.<stack>.yaml): issue the next generation, " +
                "retire the previous one behind the post-deploy report, or revoke a host's keys.",
        )
        .requiredOption("--stack <name>", "stack whose Pulumi.<name>.yaml to edit")
        .option("--credential <name>", "only this credential's keys")
        .option("--host <name>", "only this host's keys")
        .option("--retire", "remove the previous generation of every rotating key, if --report shows the new one passing")
        .option("--report <file>", "with --retire: the post-deploy report (npm run postdeploy -- --stack <env> --json) of the deployed outputs")
        .option("--force", "with --retire: skip the post-deploy gate (a leaked key); says what it skips")
        .option("--revoke", "with --host: remove that host from its credentials, with every generation of its keys")
        .option("--cwd <dir>", "project directory", process.cwd())
        .addHelpText("after", "\nExit codes: 0 changed (or nothing to do), 1 refused or invalid config/report (nothing written), 2 usage.")
        .exitOverride()
        .configureOutput({ writeErr: (s) => process.stderr.write(s) });
    finishCommand(program, "rotate", [
        { what: "issue the next generation of prod's keys, beside the one in use", args: "--stack prod" },
        { what: "proven by the post-deploy report (--json > report.json): retire the old one", args: "--stack prod --retire --report report.json" },
        { what: "a host is lost: remove it and every generation of its keys", args: "--stack prod --revoke --host db2" },
    ]);
    program.parse([...argv], { from: "user" });
    const o = program.opts<Options>();
    if (o.retire && o.revoke) throw new UsageError("--retire and --revoke are separate steps; give one");
    if (!o.retire && (o.report !== undefined || o.force)) throw new UsageError("--report and --force belong to --retire");
    if (o.revoke && o.host === undefined) throw new UsageError("--revoke needs --host <name>: the host whose keys to revoke");
    if (o.retire && o.report === undefined && !o.force) {
        throw new UsageError("--retire needs --report <postdeploy.json> (the proof that the new keys work), or --force for a leaked key");
    }
    assertKnownStack(o.cwd, o.stack);
    return o;
}

/** The stack file's config as the program reads it (namespace keys, objects parsed), and its validated spec. */
interface ParsedConfig {
    readonly namespace: Record<string, unknown>;
    readonly spec: EnvironmentSpec;
}

/**
 * The file as it is may hold keys that have expired (that is what rotation fixes), so its key dates are not
 * judged (`now: false`); the file rotate writes is checked with the real time before it is written.
 */
function parseConfig(text: string, file: string, stack: string, options: ParseOptions = {}): ParsedConfig {
    const values = parseStackConfig(text, file).values;
    const namespace = readNamespaceConfig(values);
    const parsed = parseNamespacedConfig(stack, values, undefined, options);
    if (!parsed.ok) throw new CliError(`${file} is invalid:\n${parsed.errors.map((e) => `  - ${e}`).join("\n")}`);
    return { namespace, spec: parsed.spec };
}

/** The retire gate, or what --force skips. */
async function gate(o: Options, change: ConfigChange): Promise<void> {
    const skipped = (why: string): void =>
        void process.stderr.write(
            `rotate: --force: not checking ${why}; ` +
                `${change.gate.map((t) => `${t.section} (generation ${t.generation})`).join(", ")} ${change.gate.length === 1 ? "has" : "have"} not been proven ` +
                "to work, and hosts that have not pulled the new keys lose access when `pulumi up` deletes the old ones\n",
        );
    if (o.force && o.report === undefined) return skipped("a post-deploy report");
    const problems = gateProblems(await readGateReport(o.report!), o.stack, change.gate);
    if (problems.length === 0) return;
    if (o.force) {
        skipped(`that the post-deploy report shows the new keys passing (it does not: ${problems.join("; ")})`);
        return;
    }
    throw new CliError(
        `refused: the post-deploy report ${o.report} does not show the new key generation passing for ` +
            `${problems.length} section${problems.length === 1 ? "" : "s"}:\n${problems.map((p) => `  - ${p}`).join("\n")}\n` +
            "Fix and redeploy, rerun the post-deploy test, then retire; for a leaked key, --force retires without the proof.",
    );
}

function applyChange(text: string, file: string, namespace: Record<string, unknown>, change: ConfigChange): string {
    let edited = setConfigKey(text, file, GENERATIONS_KEY, change.keyGenerations, 2);
    for (const p of change.removeHosts) edited = removeHost(edited, file, CREDENTIALS_KEY, p.credential, p.host);
    const original = namespace.credentials as Record<string, { hosts: string[] }> | undefined;
    const credentials =
        change.removeHosts.length && original
            ? Object.fromEntries(
                  Object.entries(original).map(([c, v]) => [
                      c,
                      { ...v, hosts: v.hosts.filter((h) => !change.removeHosts.some((p) => p.credential === c && p.host === h)) },
                  ]),
              )
            : undefined;
    // A host revoked from its last credential leaves hostAddresses too: the config refuses addresses of a host with no key.
    const addresses = credentials ? addressesLeft(namespace.hostAddresses, credentials) : undefined;
    if (addresses) edited = setConfigKey(edited, file, ADDRESSES_KEY, addresses.value, 1);
    verifyEdit(
        text,
        edited,
        {
            [GENERATIONS_KEY]: change.keyGenerations,
            ...(credentials ? { [CREDENTIALS_KEY]: credentials } : {}),
            ...(addresses ? { [ADDRESSES_KEY]: addresses.value } : {}),
        },
        file,
    );
    return edited;
}

/** hostAddresses without the hosts no credential lists any more; undefined when nothing changes (value undefined: the key goes). */
function addressesLeft(hostAddresses: unknown, credentials: Record<string, { hosts: string[] }>): { value: Record<string, unknown> | undefined } | undefined {
    if (hostAddresses === null || typeof hostAddresses !== "object" || Array.isArray(hostAddresses)) return undefined;
    const hosts = new Set(Object.values(credentials).flatMap((c) => c.hosts));
    const entries = Object.entries(hostAddresses as Record<string, unknown>);
    const kept = entries.filter(([h]) => hosts.has(h));
    if (kept.length === entries.length) return undefined;
    return { value: kept.length ? Object.fromEntries(kept) : undefined };
}

async function run(o: Options): Promise<number> {
    const file = join(o.cwd, `Pulumi.${o.stack}.yaml`);
    const text = readFileSync(file, "utf8");
    const { namespace, spec } = parseConfig(text, file, o.stack, { now: false });
    const today = new Date().toISOString().slice(0, 10);
    const sel = { ...(o.credential !== undefined ? { credential: o.credential } : {}), ...(o.host !== undefined ? { host: o.host } : {}) };
    const result: ChangeResult = o.revoke ? revoke(spec, { ...sel, host: o.host! }) : o.retire ? retire(spec, sel) : rotate(spec, sel, today);
    if (result.kind === "refused") throw new CliError(`refused:\n${result.problems.map((p) => `  - ${p}`).join("\n")}`);
    if (result.kind === "nothing") {
        process.stdout.write(`rotate: ${result.message}; ${file} unchanged\n`);
        return EXIT_OK;
    }
    if (o.retire) await gate(o, result.change);
    const edited = applyChange(text, file, namespace, result.change);
    // The changed config must pass everything `pulumi up` checks (names, quotas, expiry) before it is written.
    parseConfig(edited, `${file} after the change`, o.stack);
    await writeInPlace(file, edited);
    process.stdout.write(`rotate: ${file} updated:\n${result.change.lines.map((l) => `  ${l}`).join("\n")}\n${nextStep(o)}\n`);
    return EXIT_OK;
}

function nextStep(o: Options): string {
    const up = `review and merge the change, then \`pulumi up -s ${o.stack}\``;
    if (o.retire || o.revoke) return `next: ${up}, which deletes those keys`;
    return (
        `next: ${up}, let the hosts pull their config (npm run pull-config), run the post-deploy test ` +
        `(npm run postdeploy -- --stack ${o.stack} --json > report.json), then npm run rotate -- --stack ${o.stack} --retire --report report.json`
    );
}

/** The command, given its arguments (after `rotate`); cli/main.ts runs it as `backup-remotes rotate`. */
export async function main(argv: readonly string[]): Promise<number> {
    let options: Options;
    try {
        options = parseArgs(argv);
    } catch (err) {
        // commander has printed its message or the help: the shared codes (0 for --help, 2 otherwise).
        if (err instanceof CommanderError) return reportError("rotate", err);
        if (err instanceof UsageError) {
            process.stderr.write(`rotate: ${err.message} (see --help)\n`);
            return EXIT_USAGE;
        }
        throw err;
    }
    try {
        return await run(options);
    } catch (err) {
        if (err instanceof CliError) {
            process.stderr.write(`rotate: ${err.message}\nrotate: nothing was written\n`);
            return EXIT_FINDINGS;
        }
        process.stderr.write(`rotate: internal error (nothing was written): ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
        return EXIT_FINDINGS;
    }
}

if (require.main === module) runCommand("rotate", () => main(process.argv.slice(2)));
