import { describe, expect, it } from "vitest";
import { roleArnMatches } from "../workflow/allowed";

describe("allowed access-role patterns", () => {
  it("* stays within one part of the ARN", () => {
    const p = "arn:aws:iam::*:role/LockbridgeAdmin";
    expect(roleArnMatches(p, "arn:aws:iam::111111111111:role/LockbridgeAdmin")).toBe(true);
    // A role path that smuggles the pattern's tail in, and another path, do not match.
    expect(roleArnMatches(p, "arn:aws:iam::111111111111:role/x:role/LockbridgeAdmin")).toBe(false);
    expect(roleArnMatches(p, "arn:aws:iam::111111111111:role/team/LockbridgeAdmin")).toBe(false);
    expect(roleArnMatches("arn:aws:iam::111111111111:role/Lockbridge*", "arn:aws:iam::111111111111:role/Lockbridge/team-b/PowerUser")).toBe(
      false,
    );
  });

  it("** crosses role paths, never into another ARN part", () => {
    const p = "arn:aws:iam::111111111111:role/**";
    expect(roleArnMatches(p, "arn:aws:iam::111111111111:role/service-role/LockbridgeAccess")).toBe(true);
    expect(roleArnMatches(p, "arn:aws:iam::111111111111:role/a:b")).toBe(false);
  });

  it("treats other characters literally", () => {
    expect(roleArnMatches("arn:aws:iam::111111111111:role/A.B", "arn:aws:iam::111111111111:role/AxB")).toBe(false);
  });
});
