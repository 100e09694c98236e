/**
 * What `rotate` does once its arguments are good: read the stack file, compute the change, gate a retire on
 * the post-deploy report, and write the edited file. Loaded by main.ts after parsing, so `--help` starts
 * without the config schema (zod) and the YAML reader.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { readNamespaceConfig } from "../../components/config/namespace";
import { CONFIG_NAMESPACE, parseNamespacedConfig, type ParseOptions, type EnvironmentSpec } from "../../components/config/schema";
import { parseStackConfig } from "../plan/stack-config";
import { CliError } from "../shared/cli-error";
import { EXIT_OK } from "../shared/exit-codes";
import { retire, revoke, rotate, type ChangeResult, type ConfigChange } from "./changes";
import { gateProblems, readGateReport } from "./gate";
import type { Options } from "./options";
import { writeInPlace } from "./write";
import { removeHost, setConfigKey, verifyEdit } from "./yaml-edit";

const GENERATIONS_KEY = `${CONFIG_NAMESPACE}:keyGenerations`;
const CREDENTIALS_KEY = `${CONFIG_NAMESPACE}:credentials`;
const ADDRESSES_KEY = `${CONFIG_NAMESPACE}:hostAddresses`;

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

export async function run(o: Options): Promise<number> {
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
