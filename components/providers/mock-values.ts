/**
 * Helpers for the values provider profiles answer in the offline plan:
 * deterministic (so plans are stable) and recognisable as fake.
 */
import { createHash } from "node:crypto";

export function fakeHex(seed: string, length: number): string {
    return createHash("sha256").update(seed).digest("hex").slice(0, length);
}

/** Prefix of every fake secret value, so tests can prove none is printed. */
export const MOCK_SECRET_PREFIX = "mocksecret";
