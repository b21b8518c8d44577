"use client";
import { useState } from "react";
import { downloadText } from "./download";
import { Button } from "./ui/button";

/** Copies `text` to the clipboard and says so in a polite live region. */
export function CopyButton({ text, label }: { text: string; label: string }) {
  const [status, setStatus] = useState("");
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(text);
      setStatus("Copied");
    } catch {
      setStatus("Copy failed: select the text and copy it by hand");
    }
    setTimeout(() => setStatus(""), 2500);
  };
  return (
    <>
      <Button className="btn-small" onClick={copy} aria-label={`Copy ${label}`}>
        Copy
      </Button>
      <span className="copy-status" role="status">
        {status}
      </span>
    </>
  );
}

/** Downloads `text` as a file (Blob URL, nothing leaves the browser). */
export function DownloadButton({
  text,
  fileName,
  label,
  children,
  type,
}: {
  text: string | (() => string);
  fileName: string;
  label?: string;
  children?: React.ReactNode;
  type?: string;
}) {
  return (
    <Button
      className="btn-small"
      aria-label={label}
      onClick={() => downloadText(fileName, typeof text === "function" ? text() : text, type)}
    >
      {children ?? "Download"}
    </Button>
  );
}
