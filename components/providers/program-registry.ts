/**
 * The whole provider profiles, Pulumi resources included, for the program and the offline plan (the only
 * modules that load the Pulumi SDKs). The same providers in the same order as PROVIDER_FACTS (registry.ts);
 * test/project/module-graph.test.ts holds the two lists to each other.
 */
import { awsProfile } from "./aws";
import { b2Profile } from "./b2";
import type { ProviderProfile } from "./profile";
import { r2Profile } from "./r2";
import { ProviderRegistry } from "./registry";

export const DEFAULT_PROFILES: readonly ProviderProfile[] = [awsProfile, b2Profile, r2Profile];

export const PROGRAM_PROVIDERS = new ProviderRegistry(DEFAULT_PROFILES);
