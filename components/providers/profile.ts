/**
 * A provider profile: everything that is true of one storage provider, in one
 * folder (components/providers/<name>/), and nothing about any other. The
 * environment, the outputs, the command-line tools and the policy pack reach
 * a provider only through its profile, found in the registry by name.
 */
import type * as pulumi from "@pulumi/pulumi";
import type { z } from "zod";
import type { AccessModel } from "../permissions/access";
import type { DeviationCatalogue } from "../permissions/effective";
import type { Protections } from "../permissions/protections";
import type { Role } from "../permissions/roles";
import type { CredentialInputTable } from "./credential-inputs";
import type { ProviderProbeFacts } from "./probe-facts";

/** When one key stops working: derived from its issue date in config, never from the clock (rotation/generations.ts). */
export interface KeyExpiry {
    /** RFC 3339 UTC instant: issue date + lifetimeDays. */
    readonly expiresOn: string;
    /** maxKeyAgeDays + graceDays. */
    readonly lifetimeDays: number;
}

/** The fields every provider's remote config has. */
export interface RemoteConfigBase {
    readonly provider: string;
    readonly bucket: string;
}

/** Where a bucket is and what protects it, from config alone (no resource needed). */
export interface BucketModel {
    readonly bucket: string;
    /** The S3 endpoint rclone talks to (informational for native APIs). */
    readonly endpoint: string;
    readonly region: string;
    readonly protections: Protections;
}

export interface BucketArgs<C> {
    readonly environment: string;
    readonly remote: string;
    readonly config: C;
    /** Engine-level deletion protection of the bucket's resources. */
    readonly protect: boolean;
    /** Normalised prefixes ("" or "a/b/") that copy credentials write to. */
    readonly copyPrefixes: readonly string[];
}

/** What a provider registers once per environment is computed from: its remotes on that provider. */
export interface ProviderEnvironmentArgs<C> {
    readonly environment: string;
    readonly remotes: readonly C[];
    /** Whether any credential of the environment is issued on these remotes. */
    readonly issuesKeys: boolean;
}

/** Who one identity is for: the names a provider-side identity name is built from. */
export interface IdentityId {
    readonly environment: string;
    readonly credential: string;
    readonly host: string;
    /** 1 for the key every deployment had before rotation (its names carry no generation). */
    readonly generation: number;
}

/** One identity as the schema sees it before it is issued: what the provider receives is built from this. */
export interface IdentityPlan<C extends RemoteConfigBase = RemoteConfigBase> {
    readonly id: IdentityId;
    readonly role: Role;
    /** Normalised: "" or "a/b/". */
    readonly prefix: string;
    readonly config: C;
    readonly expiry?: KeyExpiry;
    /** The host's address ranges, when it has some (hostAddresses). */
    readonly addresses?: readonly string[];
}

export interface CredentialArgs extends Omit<IdentityId, "generation"> {
    /** Default 1: the identity every deployment had before rotation. */
    readonly generation?: number;
    readonly role: Role;
    /** Normalised: "" or "a/b/". */
    readonly prefix: string;
    /** When this generation stops working; absent: it does not expire (through rotation; see the remote's own keys). */
    readonly expiry?: KeyExpiry;
    /** The host's address ranges (hostAddresses): the key works only from them; absent: from any address. */
    readonly addresses?: readonly string[];
}

/** Options of one rclone section, in output order; secret values are secret Outputs. */
export type SectionOptions = Readonly<Record<string, pulumi.Input<string>>>;

export interface IssuedCredential {
    readonly sectionOptions: SectionOptions;
    /** rclone command-line flags the role needs on this provider. */
    readonly rcloneFlags: readonly string[];
}

/** A bucket registered with the engine, able to issue credentials restricted to it. */
export interface ProvisionedBucket {
    readonly model: BucketModel;
    issueCredential(name: string, args: CredentialArgs, opts: pulumi.ComponentResourceOptions): IssuedCredential;
}

/** What a deployer guard sees: the stack's config (namespaced keys), the process environment and this provider's part of the stack. */
export interface DeployerContext<C extends RemoteConfigBase = RemoteConfigBase> {
    readonly config: Readonly<Record<string, string>>;
    readonly env: Readonly<Record<string, string | undefined>>;
    /** What the deploy credential is for, so a refusal can say what it needs. */
    readonly deployment: DeployerEnvironment<C>;
}

/** One remote on this provider and how many identities (credential × host) the program issues on it. */
export interface DeployerRemote<C extends RemoteConfigBase = RemoteConfigBase> {
    readonly name: string;
    readonly config: C;
    readonly identities: number;
}

/** What a provider's deploy credential is computed from: the stack's remotes on that provider. */
export interface DeployerEnvironment<C extends RemoteConfigBase = RemoteConfigBase> {
    readonly stack: string;
    readonly environment: string;
    /** Bucket resources protected and buckets retained: the engine never deletes them, so no delete is needed. */
    readonly protectBuckets: boolean;
    readonly remotes: readonly DeployerRemote<C>[];
    /** Values of this provider's deployer-policy options, by option key (absent: not given). */
    readonly options: Readonly<Record<string, string | undefined>>;
}

/** A command-line option of `deployer-policy` that only one provider understands (e.g. the AWS account id). */
export interface DeployerOption {
    /** Key in DeployerEnvironment.options. */
    readonly key: string;
    /** Commander flag syntax, e.g. "--aws-account-id <id>". */
    readonly flag: string;
    readonly description: string;
    /** What would be valid, when `value` is not. */
    problem(value: string): string | undefined;
}

/** What deploying a stack needs from this provider's deploy credential. */
export interface DeployerPolicy {
    /** For machines: the provider's own artefact (IAM policy document, B2 capabilities, Cloudflare token policies). */
    readonly document: Readonly<Record<string, unknown>>;
    /** For people: copy-pastable lines, in order. */
    readonly text: readonly string[];
    /** What the credential can do beyond this stack, and why the provider allows nothing narrower. */
    readonly limits: readonly string[];
}

/** The provider's deploy credential: its options and a function of the stack's remotes on it. */
export interface DeployerProfile<C extends RemoteConfigBase = RemoteConfigBase> {
    readonly options: readonly DeployerOption[];
    policy(deployment: DeployerEnvironment<C>): DeployerPolicy;
}

/**
 * A remote's settings as far as they parse: each setting that parsed, and of a mapping with a problem
 * inside, the settings in it that did. Lists are whole or absent.
 */
export type PartialSettings<C> = {
    readonly [K in keyof C]?: C[K] extends readonly unknown[] ? C[K] : C[K] extends object ? PartialSettings<C[K]> : C[K];
};

/** A credential that names a remote, as far as its config parses. */
export interface CredentialOnRemote {
    readonly name: string;
    readonly role?: Role;
    /** Normalised ("" or "a/b/"), when it parses. */
    readonly prefix?: string;
    /** The hosts it is issued to whose names are valid. */
    readonly hosts: readonly string[];
}

/** A remote's settings as far as they parse, and its neighbours, for rules that span fields (all problems at once). */
export interface CrossFieldContext<C extends RemoteConfigBase = RemoteConfigBase> {
    readonly remote: string;
    /** Every setting of the remote that parsed, defaults filled in; a setting with a problem of its own is absent. */
    readonly settings: PartialSettings<C>;
    /** Settings that are written but have a problem of their own (already reported): set, though absent from `settings`. */
    readonly invalid: readonly string[];
    /** Whether the environment must meet the production rules. */
    readonly production: boolean;
    /** Says how an environment opts out of the production rules, for messages that enforce them. */
    readonly optOut: string;
    /** Credentials that name this remote. */
    readonly credentials: readonly CredentialOnRemote[];
    /** The instant dates are judged at (the real time in `pulumi up` and the plan); absent: rules against the clock are skipped. */
    readonly now?: Date;
    /** host → its valid address ranges (hostAddresses), for the hosts that list them. */
    readonly hostAddresses: ReadonlyMap<string, readonly string[]>;
}

/** A problem with its config path below `backup-remotes:` and what would be valid. */
export interface ConfigProblem {
    readonly path: readonly (string | number)[];
    readonly message: string;
}

/** What the offline plan answers for this provider's resources and functions. */
export interface ProviderMocks {
    /** Computed outputs per resource type token. */
    readonly computedOutputs: Readonly<Record<string, MockOutputRule>>;
    /** Answers of provider functions per token. */
    readonly callResults: Readonly<Record<string, Readonly<Record<string, unknown>>>>;
    /**
     * Secret deployer config the plan stands in for when the stack file lacks
     * it: a real deploy needs it (the guard refuses to run without it), a plan
     * creates nothing. The guard still sees whatever the file does set.
     */
    readonly deployerConfig?: Readonly<Record<string, string>>;
}

export type MockOutputRule = (name: string, inputs: Record<string, unknown>) => { id?: string; outputs: Record<string, unknown> };

/** The provider's resource type tokens, as the policy pack reads them. */
export interface ProviderResources {
    /** Bucket resource types, with the property that holds the bucket's name. */
    readonly buckets: Readonly<Record<string, string>>;
    /** Credential resource types (one per issued section), with their secret outputs. */
    readonly credentials: Readonly<Record<string, readonly string[]>>;
    /** Patterns that find this provider's bucket names inside any string (ARNs, resource keys). */
    readonly bucketReferences: readonly RegExp[];
    /** Properties by which resources that configure a bucket name it (AWS `bucket`, R2 `bucketName`). */
    readonly bucketReferenceProperties: readonly string[];
}

/** How many identities a provider account may hold, as data (checked by the plan before any deploy). */
export interface IdentityQuota<C extends RemoteConfigBase = RemoteConfigBase> {
    /** What is counted, plural: "IAM users". */
    readonly counts: string;
    /** The provider's default limit per account. */
    readonly defaultQuota: number;
    /** Where the limit is documented. */
    readonly source: string;
    /** The account a remote's identities count against, and the config that identifies it. */
    account(config: C, remote: string): { readonly id: string; readonly identifiedBy: string };
}

/** How a provider makes a key stop working at its expiry. */
export interface KeyExpiryMechanism {
    /** For people and the permissions output: "validDurationInSeconds, counted from the key's creation". */
    readonly mechanism: string;
    /**
     * Whether a key keeps the lifetime it was created with (B2 keys cannot be changed,
     * only replaced): a changed maximum age then applies from each key's next generation.
     */
    readonly fixedAtCreation: boolean;
}

/** What the key-rotation rules of one remote see (all problems at once). */
export interface KeyExpiryContext<C extends RemoteConfigBase = RemoteConfigBase> {
    readonly remote: string;
    /** The remote's settings that parsed (CrossFieldContext.settings). */
    readonly settings: PartialSettings<C>;
    /** Credentials on this remote whose keys expire by maxKeyAgeDays, with their lifetime (max age + grace) in days. */
    readonly expiring: readonly { readonly credential: string; readonly lifetimeDays: number }[];
}

/**
 * What is true of a provider without the Pulumi SDKs: names, schema, access model, probes, resource tokens.
 * The commands that do not run the program (postdeploy, pull-config, permissions-diff, deployer-policy,
 * rotate) and the policy pack read only these (`registry.ts`), so they start without loading an SDK.
 */
export interface ProviderFacts<C extends RemoteConfigBase = RemoteConfigBase> {
    /** The `provider:` value in a remote's config. */
    readonly name: string;
    /** For people: "AWS S3". */
    readonly title: string;
    /** The config of one remote, `provider` included; unknown keys are refused with the valid ones. */
    readonly remoteSchema: z.ZodType<C, unknown>;
    /** Rules across this remote's fields and the credentials on it. */
    crossFieldProblems?(ctx: CrossFieldContext<C>): ConfigProblem[];
    /** What else goes wrong when a sync prefix overlaps a copy prefix on this remote (appended to that problem). */
    overlapConsequence?(settings: PartialSettings<C>, copyPrefix: string): string;
    /** The longest object name the provider stores, in UTF-8 bytes: a credential's prefix must leave room under it. Absent: not checked. */
    readonly maxObjectNameBytes?: number;
    readonly access: AccessModel;
    readonly deviations: DeviationCatalogue;
    /** The provider grants a credential of `role` on this remote is issued (published in the permissions output). */
    grantsIssued(config: C, role: Role): string[];
    bucketModel(config: C, copyPrefixes: readonly string[]): BucketModel;
    /** What the deploy credential of a stack needs (`npm run deployer-policy`). */
    readonly deployer: DeployerProfile<C>;
    readonly resources: ProviderResources;
    /**
     * Per credential resource type (every one the program registers for a key:
     * identity, policy, key), how a change to each input changes what the key
     * may do and whether it replaces the resource (the permission diff).
     */
    readonly credentialInputs: CredentialInputTable;
    /** What the post-deploy test needs to attack this provider's keys. */
    readonly probes: ProviderProbeFacts;
    /**
     * Problems of what the provider registers once for all remotes on it in one environment (AWS: the users' permissions
     * boundary, which names every bucket); `remotes`: those whose config parsed whole.
     */
    environmentProblems?(environment: string, remotes: readonly C[]): ConfigProblem[];
    /** Why the provider cannot take this identity's name (too long, a character it refuses, …); undefined when it can. */
    identityNameProblem?(id: IdentityId): string | undefined;
    /**
     * Why the provider would refuse what the program sends it for this identity (an IAM policy over its size limit, …),
     * computed from what the credential component builds; undefined when it takes it.
     */
    grantProblem?(identity: IdentityPlan<C>): string | undefined;
    /**
     * The ranges one host's key is accepted from, given the host's own (hostAddresses) when it lists some; undefined: any
     * address. Absent: the host's own when the access model has an addressLimit, else none (R2 merges its tokens.allowedIps).
     */
    keyAddresses?(config: C, hostAddresses: readonly string[] | undefined): readonly string[] | undefined;
    /** How keys expire on this provider; absent: they cannot, and maxKeyAgeDays is refused for its credentials. */
    readonly keyExpiry?: KeyExpiryMechanism;
    /** Conflicts between maxKeyAgeDays and the remote's own key settings, and the provider's lifetime limits. */
    keyExpiryProblems?(ctx: KeyExpiryContext<C>): ConfigProblem[];
    /** The account-wide identity limit; absent: not counted. */
    readonly identityQuota?: IdentityQuota<C>;
}

/**
 * The whole profile: the facts and what only the program and the offline plan run, with the Pulumi SDKs
 * (each provider's `index.ts`, listed by `program-registry.ts`).
 */
export interface ProviderProfile<C extends RemoteConfigBase = RemoteConfigBase> extends ProviderFacts<C> {
    provision(name: string, args: BucketArgs<C>, opts: pulumi.ComponentResourceOptions): ProvisionedBucket;
    /**
     * Registers, once per environment and before any bucket, what all its remotes on this provider share (AWS: the
     * permissions boundary of its users), and returns the provisioner of those remotes. Absent: `provision` alone.
     */
    provisionEnvironment?(args: ProviderEnvironmentArgs<C>, opts: pulumi.ComponentResourceOptions): ProviderProfile<C>["provision"];
    /** Refuse deployer credentials that must never run automation; throws with the fix. */
    guardDeployer(ctx: DeployerContext<C>): void | Promise<void>;
    readonly mocks: ProviderMocks;
}

/** Component type tokens of a provider's bucket and credential components. */
export function componentType(provider: string, kind: "BackupBucket" | "Credential"): string {
    return `backup-remotes:${provider}:${kind}`;
}

/** The provider of a bucket component's type token, if it is one. */
export function providerOfBucketComponent(type: string): string | undefined {
    return /^backup-remotes:([a-z0-9]+):BackupBucket$/.exec(type)?.[1];
}
