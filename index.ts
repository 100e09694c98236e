// Pulumi calls the exported function and uses its result as the stack outputs:
// rcloneConfig (secret), hosts (secret), remotes, permissions.
import { backupRemotes } from "./components/program";

export = backupRemotes;
