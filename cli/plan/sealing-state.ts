/**
 * The offline plan's memory of sealed host files between runs, as a Pulumi
 * backend keeps a stack's state between previews: for each SealedHostFile,
 * the outputs its provider returned. The plan runs the real provider's
 * `diff`, then `create` or `update`, against it: a second plan of the same
 * config gives the same `sealedHosts`, and only a host whose file or keys
 * changed is sealed again. The file holds each file's digest key (a secret
 * in real state), so it is written 0600 like every file with a secret.
 */
import { readFile, stat } from "node:fs/promises";
import { sealingProvider, type SealInputs, type SealOutputs } from "../../components/sealing/provider";
import { inspectTarget, writeAtomically } from "../shared/atomic-write";
import { CliError } from "../shared/cli-error";
import { describeFsError, octalMode, othersCanRead } from "../shared/fs-error";
import { mapSecrets } from "./secrets";

const KIND = "backup-remotes offline-plan sealing state";

export type SealAction = "sealed" | "unchanged" | "resealed";

export interface SealRecord {
    readonly name: string;
    readonly host: string;
    readonly action: SealAction;
    readonly recipients: readonly string[];
}

/** What the plan keeps between runs: per sealed file (resource name), the provider's outputs. */
export interface SealingState {
    readonly stack: string;
    readonly files: Readonly<Record<string, SealOutputs>>;
}

/** One plan's pass over the sealed files, starting from the previous state. */
export class SealingRun {
    private readonly next: Record<string, SealOutputs> = {};
    private readonly previous: Readonly<Record<string, SealOutputs>>;
    readonly records: SealRecord[] = [];

    constructor(
        readonly stack: string,
        previous?: SealingState,
    ) {
        if (previous !== undefined && previous.stack !== stack) {
            throw new Error(`sealing state of stack ${previous.stack} given to a plan of ${stack}`);
        }
        this.previous = previous?.files ?? {};
    }

    /** What the engine would do for the resource `name` with these inputs; returns its outputs. */
    async register(name: string, inputs: SealInputs): Promise<SealOutputs> {
        const old = this.previous[name];
        let outs: SealOutputs;
        let action: SealAction;
        if (old === undefined) {
            outs = (await sealingProvider.create(inputs)).outs as SealOutputs;
            action = "sealed";
        } else if ((await sealingProvider.diff(name, old, inputs)).changes) {
            outs = (await sealingProvider.update(name, old, inputs)).outs as SealOutputs;
            action = "resealed";
        } else {
            outs = old;
            action = "unchanged";
        }
        this.next[name] = outs;
        this.records.push({ name, host: inputs.host, action, recipients: inputs.recipients });
        return outs;
    }

    /** Files in the previous state that this plan no longer has (the engine would delete them). */
    removed(): string[] {
        return Object.keys(this.previous)
            .filter((n) => !(n in this.next))
            .sort();
    }

    state(): SealingState {
        return { stack: this.stack, files: { ...this.next } };
    }
}

/** The state in `path`, or an empty one when the file does not exist yet. */
export async function loadSealingState(path: string, stack: string): Promise<SealingState> {
    const empty: SealingState = { stack, files: {} };
    let text: string;
    try {
        const info = await stat(path);
        if (othersCanRead(info.mode)) {
            throw new CliError(`--state ${path}: holds secret digest keys but is readable by others ` + `(mode ${octalMode(info.mode)}); chmod 600 it`);
        }
        text = await readFile(path, "utf8");
    } catch (err) {
        if (err instanceof CliError) throw err;
        if ((err as NodeJS.ErrnoException).code === "ENOENT") return empty;
        throw new CliError(`--state ${path}: cannot read it: ${describeFsError(err)}`);
    }
    let doc: { kind?: unknown; version?: unknown; stack?: unknown; files?: unknown };
    try {
        doc = JSON.parse(text) as typeof doc;
    } catch {
        throw new CliError(`--state ${path}: is not JSON; it is written by \`npm run plan -- --state\` (delete it to start afresh)`);
    }
    if (doc.kind !== KIND || doc.version !== 1 || typeof doc.files !== "object" || doc.files === null) {
        throw new CliError(`--state ${path}: is not an offline-plan sealing state (version 1); delete it to start afresh`);
    }
    if (doc.stack !== stack) {
        throw new CliError(`--state ${path}: belongs to stack ${String(doc.stack)}, not ${stack}; keep one state file per stack`);
    }
    return { stack, files: doc.files as Record<string, SealOutputs> };
}

export async function saveSealingState(path: string, state: SealingState): Promise<void> {
    const doc = { kind: KIND, version: 1, stack: state.stack, files: state.files };
    await writeAtomically(await inspectTarget(path), JSON.stringify(doc, null, 2) + "\n", undefined);
}

/** Inputs as a provider receives them: the engine unwraps secrets for dynamic providers (they do not accept secrets). */
export function unwrapSecrets(value: unknown): unknown {
    return mapSecrets(value, unwrapSecrets);
}
