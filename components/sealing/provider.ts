/**
 * The dynamic provider behind `SealedHostFile`: age-encrypts a host's file
 * to its recipients, and re-encrypts only when the plaintext or the
 * recipients changed.
 *
 * Why a dynamic provider: age encryption is randomised, so sealing inside an
 * `apply` would give new ciphertext on every run and every `pulumi preview`
 * would show every host's file changing. A resource keeps its outputs in the
 * stack's state between runs, and its provider's `diff` decides whether they
 * are still right: here by comparing an HMAC-SHA256 of (plaintext,
 * recipients) under a random per-file key. The key is a secret output
 * (encrypted in state by the stack's secrets provider), so the digest stored
 * beside the ciphertext tells a reader of the state nothing about the
 * plaintext, not even whether a guess of it is right. The ciphertext is
 * public by design: only the recipients' private keys open it.
 *
 * Pulumi serializes these functions into the state and runs them in its
 * dynamic-provider host, which can load packages but none of this
 * repository's TypeScript: so everything they use is required inside them
 * (node:crypto, age-encryption), never imported at module level.
 */
import type * as pulumi from "@pulumi/pulumi";

/** Bumped when the sealed format changes: every file is sealed again. */
const SEAL_FORMAT = 1;

/** What the engine passes for a value not known yet (during preview). */
const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

export interface SealInputs {
    readonly host: string;
    /** The host's rclone config (secret). */
    readonly plaintext: string;
    /** age X25519 recipients: the host's key, then break-glass keys. */
    readonly recipients: readonly string[];
}

export interface SealOutputs {
    readonly host: string;
    readonly recipients: readonly string[];
    /** ASCII-armored age file. */
    readonly ciphertext: string;
    /** HMAC-SHA256 (hex) of the sealed plaintext and recipients under digestKey. */
    readonly digest: string;
    /** Random 32-byte key (hex) of the digest; a secret output. */
    readonly digestKey: string;
}

function sealDigest(keyHex: string, inputs: SealInputs): string {
    const { createHmac } = require("node:crypto") as typeof import("node:crypto");
    const recipients = [...new Set(inputs.recipients)].sort();
    return createHmac("sha256", Buffer.from(keyHex, "hex"))
        .update(JSON.stringify([SEAL_FORMAT, inputs.host, inputs.plaintext, recipients]))
        .digest("hex");
}

async function seal(inputs: SealInputs): Promise<SealOutputs> {
    const { randomBytes } = require("node:crypto") as typeof import("node:crypto");
    const age = require("age-encryption") as typeof import("age-encryption");
    if (typeof inputs.plaintext !== "string" || inputs.plaintext === "") throw new Error(`sealed file of host ${inputs.host}: nothing to seal`);
    // The engine's marker for a value a preview does not know yet is a string: sealing it would publish a file that
    // opens to the marker. The engine never calls create or update in a preview (a dynamic provider has none); refuse anyway.
    if (inputs.plaintext === UNKNOWN || inputs.recipients.includes(UNKNOWN)) {
        throw new Error(`sealed file of host ${inputs.host}: its file or keys are not known yet (a preview); nothing is sealed before they are`);
    }
    if (inputs.recipients.length === 0) throw new Error(`sealed file of host ${inputs.host}: no recipient`);
    const encrypter = new age.Encrypter();
    for (const r of inputs.recipients) encrypter.addRecipient(r);
    const ciphertext = age.armor.encode(await encrypter.encrypt(inputs.plaintext));
    const digestKey = randomBytes(32).toString("hex");
    return { host: inputs.host, recipients: [...inputs.recipients], ciphertext, digest: sealDigest(digestKey, inputs), digestKey };
}

/** Whether `olds` (the outputs in state) still seal exactly `news`. */
function stillSealed(olds: Partial<SealOutputs>, news: SealInputs): boolean {
    const { timingSafeEqual } = require("node:crypto") as typeof import("node:crypto");
    if (typeof news.plaintext !== "string" || news.plaintext === UNKNOWN || !Array.isArray(news.recipients)) return false;
    if (news.recipients.includes(UNKNOWN)) return false;
    if (typeof olds.digestKey !== "string" || typeof olds.digest !== "string" || typeof olds.ciphertext !== "string") return false;
    const expected = Buffer.from(sealDigest(olds.digestKey, news), "hex");
    const stored = Buffer.from(olds.digest, "hex");
    return stored.length === expected.length && timingSafeEqual(stored, expected);
}

export const sealingProvider = {
    async diff(_id: string, olds: Partial<SealOutputs>, news: SealInputs): Promise<pulumi.dynamic.DiffResult> {
        return { changes: !stillSealed(olds, news) };
    },
    async create(inputs: SealInputs): Promise<pulumi.dynamic.CreateResult> {
        return { id: `sealed-${inputs.host}`, outs: await seal(inputs) };
    },
    async update(_id: string, _olds: Partial<SealOutputs>, news: SealInputs): Promise<pulumi.dynamic.UpdateResult> {
        return { outs: await seal(news) };
    },
} satisfies pulumi.dynamic.ResourceProvider;
