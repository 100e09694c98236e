/**
 * The registered provider profiles. Everything that must treat providers
 * differently looks its provider up here by name; adding a provider is one
 * folder under components/providers/ and one line in DEFAULT_PROFILES.
 */
import { effectivePermissions, type EffectivePermissions } from "../permissions/effective";
import type { ScopeProtections } from "../permissions/protections";
import type { Role } from "../permissions/roles";
import { awsProfile } from "./aws";
import { b2Profile } from "./b2";
import type { ProviderProfile, RemoteConfigBase } from "./profile";
import { r2Profile } from "./r2";

export class ProviderRegistry {
    private readonly byName: ReadonlyMap<string, ProviderProfile>;

    constructor(readonly profiles: readonly ProviderProfile[]) {
        this.byName = new Map(profiles.map((p) => [p.name, p]));
        if (this.byName.size !== profiles.length) throw new Error("provider registry: two profiles share a name");
    }

    get names(): string[] {
        return this.profiles.map((p) => p.name);
    }

    find(name: string): ProviderProfile | undefined {
        return this.byName.get(name);
    }

    get(name: string): ProviderProfile {
        const p = this.byName.get(name);
        if (!p) throw new Error(`unknown provider "${name}" (known: ${this.names.join(", ")})`);
        return p;
    }
}

export const DEFAULT_PROFILES: readonly ProviderProfile[] = [awsProfile, b2Profile, r2Profile];

export const PROVIDERS = new ProviderRegistry(DEFAULT_PROFILES);

export type { ProviderProfile, RemoteConfigBase };

/** The effective permissions of `role` on a registered provider, for the protections in force. */
export function effectiveOn(provider: string, role: Role, scope: ScopeProtections, registry: ProviderRegistry = PROVIDERS): EffectivePermissions {
    const profile = registry.get(provider);
    return effectivePermissions(profile.access, profile.deviations, role, scope);
}
