// The accounts form's zod pieces, loaded on demand: the first step renders and hydrates without the
// validation library, which arrives right after (prefetched on mount) and before the first validation.
import { zodResolver } from "@hookform/resolvers/zod";
import type { Resolver } from "react-hook-form";
import type { AccountsStepInput } from "@/lib/schema/accounts";
import { wizardAccountsStep } from "@/lib/schema/wizard";

export { withAccounts } from "./derived-names";

export const accountsResolver = zodResolver(wizardAccountsStep) as unknown as Resolver<AccountsStepInput>;
