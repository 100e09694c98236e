/**
 * Every provider's `deployer-policy` options, from modules that import nothing heavy, so the command defines
 * its flags (and prints `--help`) before it loads the registry. Each option lives with its provider; a test
 * holds this list to the registry's deployer profiles.
 */
import { AWS_ACCOUNT_ID_OPTION } from "./aws/deployer-option";
import type { DeployerOption } from "./profile";

export const DEPLOYER_OPTIONS: readonly DeployerOption[] = [AWS_ACCOUNT_ID_OPTION];
