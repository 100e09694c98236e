// Pulumi calls the exported function and uses its result as the stack outputs:
// rcloneConfig (secret), hosts (secret), remotes, permissions, and sealedHosts with hostKeys.
import { backupRemotes } from "./components/program";

export = backupRemotes;
