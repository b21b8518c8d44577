// Everything the wizard's browser side does with the schemas, in one module loaded on demand: the
// schemas and zod then arrive as one chunk, whichever part asks first (the stepper, the Accounts form's
// validation, an imported draft), instead of a copy of them in each part's own chunk.
export { firstOpenStep, stepStates } from "./step-status";
export { validateAccounts } from "../accounts/_components/accounts-resolver";
