/**
 * The types of the stack outputs, taken from their one declaration, the zod
 * schemas in outputs-schema.ts (what each output holds is said there).
 * `environment.ts` produces them; the consumers parse with the schemas.
 */
import type { z } from "zod";
import type {
    credentialAddressesSchema,
    credentialKeysSchema,
    Frozen,
    hostConfigSchema,
    hostsOutputSchema,
    keyGenerationEntrySchema,
    permissionEntrySchema,
    remoteSummarySchema,
    sealedHostsSchema,
    stackOutputsSchema,
} from "./outputs-schema";

/** A registered provider profile's name (components/providers/registry.ts). */
export type ProviderName = string;

export type HostConfig = Frozen<z.infer<typeof hostConfigSchema>>;
export type HostsOutput = Frozen<z.infer<typeof hostsOutputSchema>>;
export type RemoteSummary = Frozen<z.infer<typeof remoteSummarySchema>>;
export type KeyGenerationEntry = Frozen<z.infer<typeof keyGenerationEntrySchema>>;
export type CredentialKeys = Frozen<z.infer<typeof credentialKeysSchema>>;
export type CredentialAddresses = Frozen<z.infer<typeof credentialAddressesSchema>>;
export type PermissionEntry = Frozen<z.infer<typeof permissionEntrySchema>>;
export type SealedHostsOutput = Frozen<z.infer<typeof sealedHostsSchema>>;
export type StackOutputs = Frozen<z.infer<typeof stackOutputsSchema>>;
