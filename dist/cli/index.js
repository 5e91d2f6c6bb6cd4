import { createRequire as __falcoCreateRequire } from 'node:module'; import { fileURLToPath as __falcoFileURLToPath } from 'node:url'; import { dirname as __falcoDirname } from 'node:path'; const require = __falcoCreateRequire(import.meta.url); const __filename = __falcoFileURLToPath(import.meta.url); const __dirname = __falcoDirname(__filename);

// src/cli/commands.ts
var commands = [
  { name: "inventory", load: async () => (await import("./inventory.js")).inventoryCommand },
  { name: "capture", load: async () => (await import("./capture.js")).captureCommand },
  { name: "rules", load: async () => (await import("./rules.js")).rulesCommand }
];

// src/cli/exit-codes.ts
var EXIT_OK = 0;
var EXIT_FAILURE = 1;
var EXIT_USAGE = 2;

// src/cli/main.ts
async function printUsage(stream) {
  const loaded = await Promise.all(commands.map((entry) => entry.load()));
  stream.write(`usage:
${loaded.map((command) => `  falco-actions ${command.usage}`).join("\n")}
`);
}
async function main(argv) {
  const [name, ...rest] = argv;
  if (name === void 0 || name === "--help" || name === "-h" || name === "help") {
    await printUsage(process.stdout);
    return name === void 0 ? EXIT_USAGE : EXIT_OK;
  }
  const entry = commands.find((candidate) => candidate.name === name);
  if (entry === void 0) {
    process.stderr.write(`falco-actions: unknown command '${name}'
`);
    await printUsage(process.stderr);
    return EXIT_USAGE;
  }
  return (await entry.load()).run(rest);
}
main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error) => {
    process.stderr.write(`falco-actions: ${error instanceof Error ? error.message : String(error)}
`);
    process.exitCode = EXIT_FAILURE;
  }
);
