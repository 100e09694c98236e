/**
 * The registered providers' facts. Everything that must treat providers differently looks its provider up
 * here by name. Pulumi-free: the commands that do not run the program and the policy pack start without the
 * SDKs; the program and the offline plan look up the whole profiles (`program-registry.ts`). Adding a
 * provider is one folder under components/providers/, one line in PROVIDER_FACTS and one in DEFAULT_PROFILES.
 */
import { effectivePermissions, type EffectivePermissions } from "../permissions/effective";
import type { ScopeProtections } from "../permissions/protections";
import type { Role } from "../permissions/roles";
import { awsFacts } from "./aws/facts";
import { b2Facts } from "./b2/facts";
import type { ProviderFacts, ProviderProfile, RemoteConfigBase } from "./profile";
import { r2Facts } from "./r2/facts";

/** Providers by name: their facts (`ProviderFacts`), or their whole profiles for the program (`ProviderProfile`). */
export class ProviderRegistry<P extends ProviderFacts = ProviderFacts> {
    private readonly byName: ReadonlyMap<string, P>;

    constructor(readonly profiles: readonly P[]) {
        this.byName = new Map(profiles.map((p) => [p.name, p]));
        if (this.byName.size !== profiles.length) throw new Error("provider registry: two profiles share a name");
    }

    get names(): string[] {
        return this.profiles.map((p) => p.name);
    }

    find(name: string): P | undefined {
        return this.byName.get(name);
    }

    get(name: string): P {
        const p = this.byName.get(name);
        if (!p) throw new Error(`unknown provider "${name}" (known: ${this.names.join(", ")})`);
        return p;
    }
}

export const PROVIDER_FACTS: readonly ProviderFacts[] = [awsFacts, b2Facts, r2Facts];

export const PROVIDERS = new ProviderRegistry(PROVIDER_FACTS);

export type { ProviderFacts, ProviderProfile, RemoteConfigBase };

/** The effective permissions of `role` on a registered provider, for the protections in force. */
export function effectiveOn(provider: string, role: Role, scope: ScopeProtections, registry: ProviderRegistry = PROVIDERS): EffectivePermissions {
    const profile = registry.get(provider);
    return effectivePermissions(profile.access, profile.deviations, role, scope);
}
