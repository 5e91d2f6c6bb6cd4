import { createRequire as __falcoCreateRequire } from 'node:module'; const require = __falcoCreateRequire(import.meta.url);

// src/cli/commands.ts
var commands = [];

// src/cli/main.ts
async function main(argv) {
  const [name, ...rest] = argv;
  const command = name === void 0 ? void 0 : commands.find((candidate) => candidate.name === name);
  if (command === void 0) {
    const names = commands.map((candidate) => `  falco-actions ${candidate.usage}`).join("\n");
    process.stderr.write(`${name === void 0 ? "" : `falco-actions: unknown command '${name}'
`}usage:
${names}
`);
    return name === void 0 || name === "--help" || name === "help" ? 0 : 2;
  }
  return command.run(rest);
}
main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error) => {
    process.stderr.write(`falco-actions: ${error instanceof Error ? error.message : String(error)}
`);
    process.exitCode = 1;
  }
);
