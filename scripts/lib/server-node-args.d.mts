/** Types for server-node-args.mjs (plain ESM so that scripts/start.mjs runs before any build). */
export declare const SERVER_NODE_ARGS: readonly string[];
