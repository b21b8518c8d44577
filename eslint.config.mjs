// Lint config. The layer fences of docs/architecture.md live here so they are enforced, not remembered;
// tests/lint-fences.test.ts proves each one fails on a violation.
import tseslint from "typescript-eslint";

const nodeBuiltins = ["fs", "path", "crypto", "child_process", "os", "http", "https", "net", "url", "util", "stream", "buffer", "process"];

const serverOnlyLayers = ["lib/aws", "lib/apply", "lib/store", "lib/workflow"];
// Test helpers, fixtures and seeds live in testing/: tests, e2e specs, benchmarks and the sandbox scripts
// use them; nothing the product ships may. Part of every no-restricted-imports block below, because a later
// flat-config block replaces an earlier block's options for the same rule.
const testingFence = {
  group: ["@/testing", "@/testing/*", "**/testing/*"],
  message: "testing/ is for tests, e2e, bench and scripts only.",
};
const sdkFence = { group: ["@aws-sdk/*"], message: "@aws-sdk/* is imported only in lib/aws: adapters turn SDK shapes into ours there." };
const layerImport = (dir) => [`@/${dir}`, `@/${dir}/*`, `**/${dir}`, `**/${dir}/*`];

/** Every file of a server-only layer must start with `import "server-only"`. */
const serverOnlyFirst = {
  meta: { type: "problem", messages: { missing: 'This layer is server-only: the first statement must be import "server-only".' } },
  create(context) {
    return {
      Program(node) {
        const first = node.body[0];
        const ok = first?.type === "ImportDeclaration" && first.source.value === "server-only" && first.specifiers.length === 0;
        if (!ok) context.report({ node: first ?? node, messageId: "missing" });
      },
    };
  },
};

/** lib/plan and lib/schema run in the browser and on the server: no SDK, Next, Node, env or server layers. */
const pureFence = (withTesting) => ({
  paths: nodeBuiltins.map((name) => ({ name, message: "lib/plan and lib/schema are pure: no Node built-ins." })),
  patterns: [
    { group: ["@aws-sdk/*"], message: "lib/plan and lib/schema are pure: SDK shapes stop in lib/aws." },
    { group: ["next", "next/*"], message: "lib/plan and lib/schema are pure: no Next.js." },
    { group: ["node:*"], message: "lib/plan and lib/schema are pure: no Node built-ins." },
    { group: ["server-only"], message: "lib/plan and lib/schema are isomorphic." },
    {
      group: [...serverOnlyLayers.flatMap(layerImport), "@/lib/env", "**/lib/env"],
      message: "lib/plan and lib/schema may not depend on server layers or env.",
    },
    ...(withTesting ? [testingFence] : []),
  ],
});

export default tseslint.config(
  {
    ignores: ["node_modules/**", ".next/**", ".venv/**", "test-results/**", "playwright-report/**", "next-env.d.ts", ".run/**", ".data/**"],
  },
  ...tseslint.configs.recommended,
  {
    plugins: { lockbridge: { rules: { "server-only-first": serverOnlyFirst } } },
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
    },
  },
  {
    // SDK shapes stop in lib/aws: everything else speaks Lockbridge's own types.
    files: ["app/**/*.{ts,tsx}", "lib/**/*.{ts,tsx}", "proxy.ts", "instrumentation.ts"],
    ignores: ["**/*.test.ts", "lib/aws/**"],
    rules: { "no-restricted-imports": ["error", { patterns: [testingFence, sdkFence] }] },
  },
  { files: ["lib/aws/**/*.ts"], ignores: ["**/*.test.ts"], rules: { "no-restricted-imports": ["error", { patterns: [testingFence] }] } },
  // The pure layers; their unit tests may also import test fixtures from testing/.
  { files: ["lib/plan/**/*.ts", "lib/schema/**/*.ts"], rules: { "no-restricted-imports": ["error", pureFence(false)] } },
  {
    files: ["lib/plan/**/*.ts", "lib/schema/**/*.ts"],
    ignores: ["**/*.test.ts"],
    rules: { "no-restricted-imports": ["error", pureFence(true)] },
  },
  {
    files: ["components/**/*.ts", "components/**/*.tsx"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              group: serverOnlyLayers.flatMap(layerImport),
              message: "components/ is presentational: it never imports lib/aws, lib/apply or lib/store.",
            },
            { group: ["@aws-sdk/*"], message: "components/ never touches the SDK." },
            testingFence,
          ],
        },
      ],
    },
  },
  {
    // lib/people and lib/http are server-side too, except the files the custom server (scripts/serve.ts,
    // plain Node, where "server-only" cannot load) or client components import; each says so at its top.
    files: [...serverOnlyLayers.map((d) => `${d}/**/*.ts`), "lib/people/**/*.ts", "lib/http/**/*.ts"],
    ignores: [
      "**/*.test.ts",
      "lib/people/names.ts",
      "lib/people/peer.ts",
      "lib/people/trust.ts",
      "lib/http/gate.ts",
      "lib/http/result.ts",
      "lib/http/security-headers.ts",
    ],
    rules: { "lockbridge/server-only-first": "error" },
  },
  {
    files: ["app/**/*.{ts,tsx}", "components/**/*.{ts,tsx}", "lib/**/*.{ts,tsx}"],
    ignores: ["lib/env.ts", "**/*.test.ts"],
    rules: {
      "no-restricted-properties": [
        "error",
        { object: "process", property: "env", message: "Only lib/env.ts reads process.env: import env() from there." },
      ],
    },
  },
);
