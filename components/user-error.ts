/**
 * A mistake the user fixes in the stack's config or the deployer's
 * credentials, found while the program runs. A Pulumi RunError, so
 * `pulumi preview`/`up` print the message without a stack trace, and the
 * offline plan reports it the same way (anything else is a bug and keeps its stack).
 */
import * as pulumi from "@pulumi/pulumi";

export class UserError extends pulumi.RunError {}
