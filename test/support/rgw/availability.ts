import { INSTALL_HINT, missingBinaries } from "./binaries";

/**
 * The `skip` option for a suite that needs the local S3 server. Outside CI a
 * machine without the packages skips with the reason; in CI (CI=true) it never
 * skips, so the suite's `before` fails loudly instead.
 */
export function skipUnlessRgw(): string | false {
    if (process.env.CI === "true") return false;
    const missing = missingBinaries();
    return missing.length ? `${missing.join(", ")} not installed; ${INSTALL_HINT}` : false;
}
