/** Deleting one noncurrent version by id, where the bucket keeps versions. */
import { defineCheck } from "./define";

export const deleteVersion = defineCheck({ name: "delete-version", code: "rv", attempt: "delete a noncurrent version (destroy history)", phase: "attack" });
