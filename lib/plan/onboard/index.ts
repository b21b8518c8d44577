// Onboarding a new account: the access role Lockbridge needs there, and its bootstrap in three forms.
export * from "./calls";
export * from "./policy";
export * from "./render";
export * from "./many";
export * from "./many-plan";
