import type { ButtonHTMLAttributes } from "react";

export function Button({
  variant = "default",
  className,
  ...rest
}: ButtonHTMLAttributes<HTMLButtonElement> & { variant?: "default" | "primary" | "danger" }) {
  const cls = ["btn", variant === "primary" ? "btn-primary" : variant === "danger" ? "btn-danger" : "", className ?? ""]
    .filter(Boolean)
    .join(" ");
  return <button type="button" className={cls} {...rest} />;
}
