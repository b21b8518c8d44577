// Everything the wizard's browser side does with the schemas, in one module loaded on demand: the
// schemas and zod then arrive as one chunk, whichever part asks first (the stepper, an imported draft),
// instead of a copy of them in each part's own chunk. The Accounts form does not load it: its checks
// run on the server (checkAccounts in ../accounts/actions.ts).
export { firstOpenStep, stepStates } from "./step-status";
